/** One blob held in memory: its bytes and the properties Azure Blob keeps beside them. */
export interface MemoryBlob {
  body: Buffer;
  /** The ETag without quotes (listings give it so; single-blob answers quote it). */
  etag: string;
  metadata: Record<string, string>;
  /** When it was last written (ms since the epoch). */
  lastModified: number;
  contentType?: string;
  /** Blocks appended so far (append blobs). */
  appends: number;
}

/** Conditions of a write, as Azure Blob takes them. */
export interface MemoryConditions {
  ifMatch?: string;
  ifNoneMatch?: string;
}

/** Azure caps an append blob at 50,000 blocks; further appends are refused with 409. */
const MAX_APPEND_BLOCKS = 50_000;
/** Azure returns at most 5,000 names per listing page. */
export const MEMORY_PAGE_SIZE = 5_000;

let etagCounter = 0;

/** A fresh ETag in Azure's form (0x and hex digits), never repeated in this process. */
function nextEtag(): string {
  etagCounter++;
  return `0x${(Date.now().toString(16) + etagCounter.toString(16).padStart(6, '0')).toUpperCase()}`;
}

/** An error shaped as the Azure SDK's RestError (statusCode and code), so translateStorageError maps it alike. */
export function storageStatusError(statusCode: number, code: string, name: string): Error {
  return Object.assign(new Error(`${code}: ${name}`), { name: 'RestError', statusCode, code });
}

/** An ETag as a single-blob answer gives it (quoted). */
export function quoted(etag: string): string {
  return `"${etag}"`;
}

/** Waits one turn of the event loop, as a storage request would, so callers interleave as they do on Azure. */
export function storageTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * One blob container in memory, with Azure Blob's rules: If-Match / If-None-Match on writes (409 when a blob that
 * must be new exists, 412 at another ETag or on a missing blob), a new ETag and Last-Modified on every write,
 * metadata names in lower case, and listings in name order. Errors carry Azure's status codes.
 */
export class MemoryContainer {
  private readonly blobs = new Map<string, MemoryBlob>();
  private created = false;

  constructor(readonly name: string) {}

  /** Creates the container; false when it existed already. */
  create(): boolean {
    const was = this.created;
    this.created = true;
    return !was;
  }

  /** The blob, or undefined when there is none. */
  get(name: string): MemoryBlob | undefined {
    this.requireContainer();
    return this.blobs.get(name);
  }

  /** Writes a blob's bytes (and metadata) under the conditions given; returns the new ETag (quoted). */
  upload(
    name: string,
    body: Buffer,
    options: MemoryConditions & { metadata?: Record<string, string>; contentType?: string } = {},
  ): string {
    this.check(name, options);
    return this.store(name, {
      body: Buffer.from(body),
      metadata: lowerCaseNames(options.metadata),
      contentType: options.contentType,
      appends: 0,
    });
  }

  /** Replaces a blob's metadata at the given ETag (412 when it is another or the blob is gone). */
  setMetadata(name: string, metadata: Record<string, string>, ifMatch: string): string {
    this.check(name, { ifMatch });
    const blob = this.blobs.get(name);
    if (!blob) throw storageStatusError(404, 'BlobNotFound', name);
    return this.store(name, { ...blob, metadata: lowerCaseNames(metadata) });
  }

  /** Deletes a blob (at the ETag, when given); 404 when it does not exist. */
  delete(name: string, ifMatch?: string): void {
    this.check(name, { ifMatch });
    if (!this.blobs.has(name)) throw storageStatusError(404, 'BlobNotFound', name);
    this.blobs.delete(name);
  }

  /** Creates an empty append blob unless one exists; true when it was created. */
  createAppendBlob(name: string, contentType?: string): boolean {
    this.requireContainer();
    if (this.blobs.has(name)) return false;
    this.store(name, { body: Buffer.alloc(0), metadata: {}, contentType, appends: 0 });
    return true;
  }

  /** Appends a block to an append blob (404 when missing, 409 when it holds Azure's maximum of blocks). */
  appendBlock(name: string, block: Buffer): void {
    this.requireContainer();
    const blob = this.blobs.get(name);
    if (!blob) throw storageStatusError(404, 'BlobNotFound', name);
    if (blob.appends >= MAX_APPEND_BLOCKS) throw storageStatusError(409, 'BlockCountExceedsLimit', name);
    this.store(name, { ...blob, body: Buffer.concat([blob.body, block]), appends: blob.appends + 1 });
  }

  /** The blobs whose names start with the prefix, in name order, with their names. */
  list(prefix = ''): Array<MemoryBlob & { name: string }> {
    this.requireContainer();
    return [...this.blobs.entries()]
      .filter(([name]) => name.startsWith(prefix))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, blob]) => ({ ...blob, name }));
  }

  private store(name: string, blob: Omit<MemoryBlob, 'etag' | 'lastModified'>): string {
    const etag = nextEtag();
    this.blobs.set(name, { ...blob, etag, lastModified: Date.now() });
    return quoted(etag);
  }

  private check(name: string, conditions: MemoryConditions): void {
    this.requireContainer();
    const blob = this.blobs.get(name);
    if (conditions.ifNoneMatch === '*' && blob) throw storageStatusError(409, 'BlobAlreadyExists', name);
    if (conditions.ifMatch === undefined) return;
    const matches = blob && (conditions.ifMatch === '*' || bare(conditions.ifMatch) === blob.etag);
    if (!matches) throw storageStatusError(412, 'ConditionNotMet', name);
  }

  private requireContainer(): void {
    if (!this.created) throw storageStatusError(404, 'ContainerNotFound', this.name);
  }
}

/** A storage account in memory: containers by name, shared by every MemoryStorage opened on it (as a restart). */
export class MemoryAccount {
  private readonly containers = new Map<string, MemoryContainer>();

  /** The container of that name (it exists only once created). */
  container(name: string): MemoryContainer {
    let found = this.containers.get(name);
    if (!found) {
      found = new MemoryContainer(name);
      this.containers.set(name, found);
    }
    return found;
  }
}

/** How long ago a blob was written, as a listing says it: both times are whole seconds (HTTP dates). */
export function listedAgeMs(lastModified: number, now = Date.now()): number {
  return Math.floor(now / 1000) * 1000 - Math.floor(lastModified / 1000) * 1000;
}

function bare(etag: string): string {
  return etag.replace(/"/g, '');
}

function lowerCaseNames(metadata: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(metadata ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
}
