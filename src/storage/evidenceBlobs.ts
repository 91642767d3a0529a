import type { ContainerClient } from '@azure/storage-blob';
import { statusOf } from './errors';
import { storageTurn, type MemoryContainer } from './memoryBlobs';

/** What the container keeps beside a piece of evidence's bytes. */
export interface EvidenceProperties {
  contentType: string | undefined;
  metadata: Record<string, string>;
}

/**
 * The evidence container: bytes written once (409 when the name exists), listed by prefix, read and deleted.
 * Errors are Azure's (with a statusCode), so EvidenceStore treats both implementations alike.
 */
export interface EvidenceBlobs {
  /** Writes bytes under a name that must be new, with content type and metadata. */
  create(name: string, bytes: Buffer, contentType: string, metadata: Record<string, string>): Promise<void>;
  /** The names under a prefix, in name order. */
  names(prefix: string): AsyncIterable<string>;
  /** Deletes a blob; false when there was none. */
  deleteIfExists(name: string): Promise<boolean>;
  /** A blob's bytes, or undefined when there is none. */
  read(name: string): Promise<Buffer | undefined>;
  /** A blob's content type and metadata, or undefined when there is none. */
  properties(name: string): Promise<EvidenceProperties | undefined>;
}

/** Evidence in an Azure Blob container. */
export class BlobEvidenceBlobs implements EvidenceBlobs {
  constructor(private readonly container: ContainerClient) {}

  /** Writes bytes under a name that must be new, with content type and metadata. */
  async create(name: string, bytes: Buffer, contentType: string, metadata: Record<string, string>) {
    await this.container.getBlockBlobClient(name).uploadData(bytes, {
      conditions: { ifNoneMatch: '*' },
      blobHTTPHeaders: { blobContentType: contentType },
      metadata,
    });
  }

  /** The names under a prefix, in name order. */
  async *names(prefix: string): AsyncIterable<string> {
    for await (const item of this.container.listBlobsFlat({ prefix })) yield item.name;
  }

  /** Deletes a blob; false when there was none. */
  async deleteIfExists(name: string): Promise<boolean> {
    const result = await this.container
      .getBlockBlobClient(name)
      .deleteIfExists({ deleteSnapshots: 'include' });
    return result.succeeded;
  }

  /** A blob's bytes, or undefined when there is none. */
  async read(name: string): Promise<Buffer | undefined> {
    try {
      return await this.container.getBlockBlobClient(name).downloadToBuffer();
    } catch (err) {
      if (statusOf(err) === 404) return undefined;
      throw err;
    }
  }

  /** A blob's content type and metadata, or undefined when there is none. */
  async properties(name: string): Promise<EvidenceProperties | undefined> {
    try {
      const props = await this.container.getBlockBlobClient(name).getProperties();
      return { contentType: props.contentType, metadata: props.metadata ?? {} };
    } catch (err) {
      if (statusOf(err) === 404) return undefined;
      throw err;
    }
  }
}

/** Evidence in a container in memory. */
export class MemoryEvidenceBlobs implements EvidenceBlobs {
  constructor(private readonly container: MemoryContainer) {}

  /** Writes bytes under a name that must be new, with content type and metadata. */
  async create(name: string, bytes: Buffer, contentType: string, metadata: Record<string, string>) {
    await storageTurn();
    this.container.upload(name, bytes, { ifNoneMatch: '*', contentType, metadata });
  }

  /** The names under a prefix, in name order. */
  async *names(prefix: string): AsyncIterable<string> {
    await storageTurn();
    for (const blob of this.container.list(prefix)) yield blob.name;
  }

  /** Deletes a blob; false when there was none. */
  async deleteIfExists(name: string): Promise<boolean> {
    await storageTurn();
    if (!this.container.get(name)) return false;
    this.container.delete(name);
    return true;
  }

  /** A blob's bytes, or undefined when there is none. */
  async read(name: string): Promise<Buffer | undefined> {
    await storageTurn();
    const blob = this.container.get(name);
    return blob ? Buffer.from(blob.body) : undefined;
  }

  /** A blob's content type and metadata, or undefined when there is none. */
  async properties(name: string): Promise<EvidenceProperties | undefined> {
    await storageTurn();
    const blob = this.container.get(name);
    return blob ? { contentType: blob.contentType, metadata: { ...blob.metadata } } : undefined;
  }
}
