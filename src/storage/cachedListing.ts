import type { z } from 'zod';
import type { DocumentMetadata, DocumentStore } from './documentStore';

/** ETags as a listing and as a read give them (quoted or not), for comparing. */
const bareEtag = (etag: string) => etag.replace(/"/g, '');

/** How many changed documents are read at once. */
const READ_CONCURRENCY = 16;

/** One document of a listing: what was kept of it, or why it could not be read. */
export type Listed<T> = { name: string; value: T } | { name: string; error: unknown };

/**
 * Every document of a container as stored now, for work that looks at all of them again and again (each
 * scheduler tick, each escalation): one listing gives every document's ETag, and only documents that changed
 * since the last call are read again. Keeps only what `keep` returns of each document (a summary, not client data).
 */
export class CachedListing<S extends z.ZodType, T> {
  private readonly known = new Map<string, { etag: string; value: T }>();

  constructor(
    private readonly documents: DocumentStore,
    private readonly schema: S,
    private readonly keep: (document: z.infer<S>) => T,
    private readonly prefix = '',
  ) {}

  /**
   * What is kept of every document, each read again only when it changed; a document that fails says why. With
   * `asleep`, the listing brings each document's metadata and those it calls asleep are left out unread.
   */
  async all(asleep?: (metadata: DocumentMetadata | undefined) => boolean): Promise<Array<Listed<T>>> {
    const all = await this.documents.listVersions(this.prefix, asleep ? { metadata: true } : undefined);
    const names = new Set(all.map((doc) => doc.name));
    for (const name of this.known.keys()) if (!names.has(name)) this.known.delete(name);
    const listed = asleep ? all.filter((doc) => !asleep(doc.metadata)) : all;
    const found: Array<Listed<T> | undefined> = [];
    for (let i = 0; i < listed.length; i += READ_CONCURRENCY) {
      found.push(...(await Promise.all(listed.slice(i, i + READ_CONCURRENCY).map((doc) => this.one(doc)))));
    }
    return found.filter((doc): doc is Listed<T> => doc !== undefined);
  }

  /** What was kept of each document at the last listing (no storage call; may be out of date). */
  lastKnown(): T[] {
    return [...this.known.values()].map((doc) => doc.value);
  }

  private async one({ name, etag }: { name: string; etag: string }): Promise<Listed<T> | undefined> {
    const cached = this.known.get(name);
    if (cached && cached.etag === bareEtag(etag)) return { name, value: cached.value };
    try {
      const found = await this.documents.read(name, this.schema);
      if (!found) {
        // Deleted between the listing and the read.
        this.known.delete(name);
        return undefined;
      }
      const value = this.keep(found.value);
      this.known.set(name, { etag: bareEtag(found.etag), value });
      return { name, value };
    } catch (error) {
      this.known.delete(name);
      return { name, error };
    }
  }
}
