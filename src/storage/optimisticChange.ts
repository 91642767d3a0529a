import type { z } from 'zod';
import type { DocumentChange, DocumentStore, UpdateOptions, UpdateResult } from './documentStore';
import { ConflictError } from './errors';

/**
 * The read–modify–write loop every DocumentStore shares: read with the ETag, change, write at that ETag (or create),
 * and on a conflict read again, up to `retries` times with a short random wait. `pauseBeforeWriteMs` is the
 * concurrency tests' hook between the read and the write.
 */
export async function changeDocument<S extends z.ZodType>(
  store: Pick<DocumentStore, 'read' | 'replace' | 'create'>,
  name: string,
  schema: S,
  change: DocumentChange<z.infer<S>>,
  options: UpdateOptions<z.infer<S>>,
  pauseBeforeWriteMs: number,
): Promise<UpdateResult<z.infer<S>>> {
  const retries = options.retries ?? 8;
  for (let attempt = 0; ; attempt++) {
    const current = await store.read(name, schema);
    const next = change(current?.value);
    if (next === undefined) return { before: current?.value, value: current?.value };
    if (pauseBeforeWriteMs > 0) await new Promise((r) => setTimeout(r, pauseBeforeWriteMs));
    const metadata = options.metadata?.(next);
    await options.beforeWrite?.(current?.value, next);
    try {
      const etag = current
        ? await store.replace(name, next, current.etag, metadata)
        : await store.create(name, next, metadata);
      return { before: current?.value, value: next, etag };
    } catch (err) {
      if (!(err instanceof ConflictError) || attempt >= retries) throw err;
      await new Promise((r) => setTimeout(r, Math.random() * 20 * (attempt + 1)));
    }
  }
}

/** update() and change() of a DocumentStore, built on its own read, create and replace (the same on every backend). */
export function optimisticUpdates(
  store: Pick<DocumentStore, 'read' | 'replace' | 'create'>,
  pauseBeforeWriteMs: number,
): Pick<DocumentStore, 'update' | 'change'> {
  const change: DocumentStore['change'] = (name, schema, fn, options = {}) =>
    changeDocument(store, name, schema, fn, options, pauseBeforeWriteMs);
  const update: DocumentStore['update'] = async (name, schema, fn, options = {}) =>
    (await change(name, schema, fn, options)).value;
  return { update, change };
}
