import { statusOf } from '../../src/storage/errors';
import { INDEX_PREFIX } from '../../src/storage/recordIndex';
import { CONTAINER_KINDS, type BakenStorage, type ContainerKind } from '../../src/storage/storage';
import { rawBlobsOf } from './rawBlobs';

export { prefixOf } from './rawBlobs';

/** Every blob of every Baken container: kind → blob name → content (UTF-8). */
export type StorageSnapshot = Record<ContainerKind, Record<string, string>>;

/**
 * Reads every blob of every container, names from BakenStorage.listEverything() and contents straight from the
 * storage (on Azurite through the connection string; memory storage needs none), so a test can compare storage
 * before and after. A blob deleted between the listing and its read (no longer listed) is left out.
 */
export async function snapshotStorage(
  storage: BakenStorage,
  connectionString?: string,
): Promise<StorageSnapshot> {
  const raw = rawBlobsOf(storage, connectionString);
  const names = await storage.listEverything();
  const snapshot = {} as StorageSnapshot;
  for (const kind of CONTAINER_KINDS) {
    const contents: Record<string, string> = {};
    for (const name of names[kind]) {
      // A blob listed and deleted before it is read (an index note, a sent purge entry) is no longer stored.
      const content = await raw.read(kind, name).catch(async (err: unknown) => {
        if (statusOf(err) !== 404) throw err;
        // Still listed but not found (storage still loading after a restart): an error, for the caller to retry.
        if ((await storage.listEverything())[kind].includes(name)) throw err;
        return undefined;
      });
      if (content !== undefined) contents[name] = content.toString('utf8');
    }
    snapshot[kind] = contents;
  }
  return snapshot;
}

/** The ETag of every blob in the given containers ("kind/name" → ETag): a cheap check that nothing changed. */
export async function etagsOf(
  storage: BakenStorage,
  connectionString: string | undefined,
  kinds: readonly ContainerKind[],
): Promise<Record<string, string>> {
  const raw = rawBlobsOf(storage, connectionString);
  const etags: Record<string, string> = {};
  for (const kind of kinds) {
    for (const blob of await raw.list(kind)) etags[`${kind}/${blob.name}`] = blob.etag;
  }
  return etags;
}

/** What changed in one container between two snapshots. */
export interface ContainerDiff {
  added: string[];
  removed: string[];
  changed: string[];
}

/** Blob names added, removed and changed in one container. */
export function diffContainer(before: Record<string, string>, after: Record<string, string>): ContainerDiff {
  const added = Object.keys(after).filter((name) => !(name in before));
  const removed = Object.keys(before).filter((name) => !(name in after));
  const changed = Object.keys(after).filter((name) => name in before && before[name] !== after[name]);
  return { added, removed, changed };
}

/**
 * Problems with stored documents: a JSON container's blob that does not parse as JSON, or an audit blob with a line
 * that does not. Empty when every document is whole.
 */
export function unparsableDocuments(snapshot: StorageSnapshot): string[] {
  const problems: string[] = [];
  for (const kind of CONTAINER_KINDS) {
    if (kind === 'evidence') continue; // image bytes, not JSON
    for (const [name, content] of Object.entries(snapshot[kind])) {
      // Index entries are empty marker blobs (the name is the entry): whole when empty.
      if (kind === 'records' && name.startsWith(INDEX_PREFIX)) {
        if (content !== '') problems.push(`${kind}/${name}`);
        continue;
      }
      const parts = kind === 'audit' ? content.split('\n').filter((l) => l !== '') : [content];
      for (const part of parts) {
        try {
          JSON.parse(part);
        } catch {
          problems.push(`${kind}/${name}`);
          break;
        }
      }
    }
  }
  return problems;
}

/** The blobs (`<kind>/<name>`) outside the audit log whose name or content still names one of the ids. */
export function blobsNaming(snapshot: StorageSnapshot, ids: string[]): string[] {
  const found: string[] = [];
  for (const kind of CONTAINER_KINDS) {
    if (kind === 'audit') continue;
    for (const [name, content] of Object.entries(snapshot[kind])) {
      const where = `${kind}/${name}`;
      if (ids.some((id) => decodeURIComponent(where).includes(id) || content.includes(id))) found.push(where);
    }
  }
  return found;
}
