import type { z } from 'zod';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import type { DocumentStore } from './documentStore';
import { ConflictError } from './errors';
import { SORT_METADATA_NAME, idOfEntry, pathsOf, sameSet } from './indexNames';
import { PENDING_GRACE_MS, inBatches, type RecordIndex } from './recordIndex';

/** How often the full sweep runs (and on the first tick after a start). */
const SWEEP_INTERVAL_MS = 24 * 60 * 60 * 1000;

interface Entries {
  paths: Set<string>;
  sort: string;
}

/**
 * The full sweep: lists the whole index, then every record with its metadata, and repairs each record whose
 * entries differ from what it says (src/storage/recordIndex.ts, repairRecord). Reads no document, except once each
 * record written before indexes existed (it then gets its metadata). Entries that point to no record are removed
 * only once older than PENDING_GRACE_MS: younger ones may belong to a record being created. Not for every tick:
 * it costs a listing of every record. Returns how many records it repaired.
 */
export async function sweepIndex<S extends z.ZodType>(
  documents: DocumentStore,
  index: RecordIndex<S>,
): Promise<number> {
  const folder = index.folder();
  const indexed = new Map<string, Entries & { youngestMs: number }>();
  for (const entry of await documents.listVersions(folder)) {
    const rest = entry.name.slice(folder.length);
    const last = rest.slice(rest.lastIndexOf('/') + 1);
    const id = idOfEntry(last);
    const found = indexed.get(id) ?? {
      paths: new Set(),
      sort: last.slice(0, -id.length - 1),
      youngestMs: Infinity,
    };
    found.paths.add(rest.slice(0, rest.lastIndexOf('/')));
    found.youngestMs = Math.min(found.youngestMs, entry.ageMs);
    indexed.set(id, found);
  }
  const wanted = new Map<string, Entries>();
  const legacy: Array<{ id: string; name: string; etag: string }> = [];
  for (const doc of await documents.listVersions(index.spec.recordPrefix, { metadata: true })) {
    const id = index.spec.idOf(doc.name);
    const paths = pathsOf(doc.metadata);
    const sort = doc.metadata?.[SORT_METADATA_NAME];
    if (id && paths && sort !== undefined) wanted.set(id, { paths, sort });
    else if (id) legacy.push({ id, name: doc.name, etag: doc.etag });
  }
  const unreadable = new Set<string>();
  await inBatches(legacy, async ({ id, name, etag }) => {
    const found = await describeLegacy(documents, index, name, etag);
    if (found) wanted.set(id, found);
    else unreadable.add(id); // It keeps the entries it has.
  });
  const repairs = [...new Set([...indexed.keys(), ...wanted.keys()])].filter((id) => {
    const want = wanted.get(id);
    const have = indexed.get(id);
    if (unreadable.has(id)) return false;
    if (!want) return (have?.youngestMs ?? 0) > PENDING_GRACE_MS;
    return !have || !sameSet(want.paths, have.paths);
  });
  await inBatches(repairs, (id) =>
    index.repairRecord(
      id,
      indexed.get(id)?.paths ?? new Set(),
      wanted.get(id)?.sort ?? indexed.get(id)?.sort ?? '',
    ),
  );
  return repairs.length;
}

/** Reads a record written before indexes existed and gives it its metadata; undefined when it cannot be read. */
async function describeLegacy<S extends z.ZodType>(
  documents: DocumentStore,
  index: RecordIndex<S>,
  name: string,
  etag: string,
): Promise<Entries | undefined> {
  try {
    const found = await documents.read(name, index.spec.schema);
    if (!found) return { paths: new Set(), sort: '' };
    const metadata = index.metadata(found.value);
    await documents.setMetadata(name, metadata, etag).catch((err: unknown) => {
      if (!(err instanceof ConflictError)) throw err;
    });
    return { paths: pathsOf(metadata) ?? new Set(), sort: index.spec.sortKeyOf(found.value) };
  } catch {
    return undefined;
  }
}

/**
 * The scheduler's index job: on every tick the pending notes only (O(pending), no document read); the full sweep
 * on the first tick after a start and then once a day by the clock. Logs (counts only) when a writer had stopped
 * between a record and its entries, or the sweep found an index out of line.
 */
export class IndexRepair {
  private readonly passes: Array<{ pending: () => Promise<number>; sweep: () => Promise<number> }> = [];
  private lastSweepAt?: number;

  constructor(
    private readonly documents: DocumentStore,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /** Adds an index to repair. */
  add<S extends z.ZodType>(index: RecordIndex<S>): this {
    this.passes.push({
      pending: () => index.repairPending(),
      sweep: () => sweepIndex(this.documents, index),
    });
    return this;
  }

  /** One tick. */
  async run(): Promise<void> {
    let abandoned = 0;
    for (const pass of this.passes) abandoned += await pass.pending();
    const now = this.clock.now().getTime();
    let swept = 0;
    if (this.lastSweepAt === undefined || now - this.lastSweepAt >= SWEEP_INTERVAL_MS) {
      this.lastSweepAt = now;
      for (const pass of this.passes) swept += await pass.sweep();
    }
    if (abandoned + swept > 0) this.logger.warn('record_index_repaired', { abandoned, records: swept });
  }
}
