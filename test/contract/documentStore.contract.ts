import { z } from 'zod';
import { DocumentCollection } from '../../src/storage/documentCollection';
import type { DocumentStore } from '../../src/storage/documentStore';
import { ConflictError, CorruptDocumentError } from '../../src/storage/errors';
import type { BakenStorage } from '../../src/storage/storage';
import { freshStorage, type OpenStorage } from './contractStorage';

const noteSchema = z.object({ text: z.string(), n: z.number().default(0) });
const counterSchema = z.object({ count: z.number() });

/** An ETag without its quotes (a listing gives it so, a single-blob answer quotes it). */
const bare = (etag: string) => etag.replace(/"/g, '');

/**
 * The DocumentStore's rules, as Azure Blob keeps them: run against every implementation, so the in-memory store
 * cannot drift from the Blob store.
 */
export function documentStoreContract(open: OpenStorage): void {
  let storage: BakenStorage;
  let docs: DocumentStore;
  beforeEach(async () => {
    storage = await freshStorage(open);
    docs = storage.records;
  });

  describe('create, read and the ETag', () => {
    it('reads nothing for a missing document; create returns the ETag a read then gives', async () => {
      expect(await docs.read('a.json', noteSchema)).toBeUndefined();
      const etag = await docs.create('a.json', { text: 'een', n: 1 });
      expect(etag).toMatch(/^"0x[0-9A-F]+"$/);
      expect(await docs.read('a.json', noteSchema)).toEqual({ value: { text: 'een', n: 1 }, etag });
    });

    it('refuses a second create with ConflictError naming the document, and keeps the first value', async () => {
      const etag = await docs.create('a.json', { text: 'een', n: 1 });
      const second = docs.create('a.json', { text: 'twee', n: 2 });
      await expect(second).rejects.toBeInstanceOf(ConflictError);
      await expect(second).rejects.toMatchObject({ documentName: 'a.json' });
      expect(await docs.read('a.json', noteSchema)).toEqual({ value: { text: 'een', n: 1 }, etag });
    });

    it('gives a new ETag on every write: create, replace, put, setMetadata and mark', async () => {
      const etags = [await docs.create('a.json', { text: 'een' })];
      etags.push(await docs.replace('a.json', { text: 'twee' }, etags[0] ?? ''));
      etags.push(await docs.put('a.json', { text: 'drie' }));
      await docs.setMetadata('a.json', { k: 'v' }, etags[2] ?? '');
      etags.push((await docs.properties('a.json'))?.etag ?? '');
      await docs.mark('a.json');
      etags.push((await docs.properties('a.json'))?.etag ?? '');
      expect(new Set(etags).size).toBe(5);
    });

    it('zod-parses on every read: defaults are filled in', async () => {
      await docs.put('a.json', { text: 'een' });
      expect((await docs.read('a.json', noteSchema))?.value).toEqual({ text: 'een', n: 0 });
    });

    it('throws CorruptDocumentError for a document that is not JSON or does not match its schema', async () => {
      await docs.mark('empty');
      await expect(docs.read('empty', noteSchema)).rejects.toBeInstanceOf(CorruptDocumentError);
      await docs.put('wrong.json', { text: 3 });
      const wrong = docs.read('wrong.json', noteSchema);
      await expect(wrong).rejects.toBeInstanceOf(CorruptDocumentError);
      await expect(wrong).rejects.toMatchObject({ documentName: 'wrong.json' });
    });
  });

  describe('replace, put and delete at an ETag', () => {
    it('replaces at the current ETag; a stale ETag or a missing document is a ConflictError', async () => {
      const first = await docs.create('a.json', { text: 'een' });
      const second = await docs.replace('a.json', { text: 'twee' }, first);
      expect(second).not.toBe(first);
      await expect(docs.replace('a.json', { text: 'drie' }, first)).rejects.toBeInstanceOf(ConflictError);
      await expect(docs.replace('gone.json', { text: 'x' }, second)).rejects.toBeInstanceOf(ConflictError);
      expect((await docs.read('a.json', noteSchema))?.value.text).toBe('twee');
    });

    it('accepts the bare ETag a listing gives as well as the quoted one', async () => {
      await docs.create('a.json', { text: 'een' });
      const [listed] = await docs.listVersions('a.json');
      expect(listed?.etag).toMatch(/^0x[0-9A-F]+$/);
      const next = await docs.replace('a.json', { text: 'twee' }, listed?.etag ?? '');
      expect(bare(next)).not.toBe(listed?.etag);
    });

    it('puts without a condition, over any version or where there was none', async () => {
      await docs.put('a.json', { text: 'een' });
      const etag = await docs.put('a.json', { text: 'twee' });
      expect(await docs.read('a.json', noteSchema)).toEqual({ value: { text: 'twee', n: 0 }, etag });
    });

    it('deletes at the current ETag; a stale ETag is a ConflictError; a missing document is fine without one', async () => {
      const first = await docs.create('a.json', { text: 'een' });
      const second = await docs.replace('a.json', { text: 'twee' }, first);
      await expect(docs.delete('a.json', first)).rejects.toBeInstanceOf(ConflictError);
      expect(await docs.read('a.json', noteSchema)).toBeDefined();
      await docs.delete('a.json', second);
      expect(await docs.read('a.json', noteSchema)).toBeUndefined();
      await expect(docs.delete('a.json')).resolves.toBeUndefined();
      // At an ETag, a document that is gone is a conflict too (412, as for replace): someone else deleted it.
      await expect(docs.delete('a.json', second)).rejects.toBeInstanceOf(ConflictError);
      await docs.create('b.json', { text: 'b' });
      await docs.delete('b.json');
      expect(await docs.properties('b.json')).toBeUndefined();
    });

    it('a document created again after a delete has a new ETag: the old one does not match it', async () => {
      const first = await docs.create('a.json', { text: 'een' });
      await docs.delete('a.json', first);
      const again = await docs.create('a.json', { text: 'weer' });
      expect(again).not.toBe(first);
      await expect(docs.replace('a.json', { text: 'x' }, first)).rejects.toBeInstanceOf(ConflictError);
    });
  });

  describe('metadata', () => {
    it('stores metadata with a write (names in lower case) and gives it through properties', async () => {
      const etag = await docs.create('a.json', { text: 'een' }, { Sort: '2026', team: 't1' });
      expect(await docs.properties('a.json')).toEqual({ etag, metadata: { sort: '2026', team: 't1' } });
      expect(await docs.properties('missing.json')).toBeUndefined();
    });

    it('a write without metadata leaves none; a replace with metadata replaces it', async () => {
      const first = await docs.create('a.json', { text: 'een' }, { a: '1' });
      const second = await docs.replace('a.json', { text: 'twee' }, first, { b: '2' });
      expect((await docs.properties('a.json'))?.metadata).toEqual({ b: '2' });
      await docs.replace('a.json', { text: 'drie' }, second);
      expect((await docs.properties('a.json'))?.metadata).toEqual({});
    });

    it('a put writes its metadata with the content, and a put without metadata leaves none', async () => {
      const etag = await docs.put('a.json', { text: 'een' }, { refs: 'x y' });
      expect(await docs.properties('a.json')).toEqual({ etag, metadata: { refs: 'x y' } });
      expect((await docs.listVersions('', { metadata: true })).map((d) => d.metadata)).toEqual([
        { refs: 'x y' },
      ]);
      await docs.put('a.json', { text: 'twee' });
      expect((await docs.properties('a.json'))?.metadata).toEqual({});
    });

    it('sets metadata only at the current ETag, keeps the content, and a stale ETag or missing document conflicts', async () => {
      const etag = await docs.create('a.json', { text: 'een' }, { a: '1' });
      await docs.setMetadata('a.json', { b: '2' }, etag);
      const now = await docs.properties('a.json');
      expect(now?.metadata).toEqual({ b: '2' });
      expect(now?.etag).not.toBe(etag);
      expect((await docs.read('a.json', noteSchema))?.value.text).toBe('een');
      await expect(docs.setMetadata('a.json', { c: '3' }, etag)).rejects.toBeInstanceOf(ConflictError);
      await expect(docs.setMetadata('gone.json', { c: '3' }, etag)).rejects.toBeInstanceOf(ConflictError);
    });

    it('mark writes an empty marker with metadata, over whatever was there', async () => {
      await docs.put('idx/a', { text: 'x' });
      await docs.mark('idx/a', { sort: '1' });
      expect((await docs.properties('idx/a'))?.metadata).toEqual({ sort: '1' });
      await expect(docs.read('idx/a', noteSchema)).rejects.toBeInstanceOf(CorruptDocumentError);
    });
  });

  describe('listing', () => {
    it('lists names under a prefix in name order, and nothing for a prefix nothing has', async () => {
      for (const name of ['p/b', 'p/a', 'q/a', 'p/c/d', 'pa']) await docs.mark(name);
      expect(await docs.list('p/')).toEqual(['p/a', 'p/b', 'p/c/d']);
      expect(await docs.list()).toEqual(['p/a', 'p/b', 'p/c/d', 'pa', 'q/a']);
      expect(await docs.list('z/')).toEqual([]);
    });

    it('lists versions with the bare ETag, metadata only when asked and only when there is some', async () => {
      const etag = await docs.create('p/a', { text: 'a' }, { sort: '1' });
      await docs.create('p/b', { text: 'b' });
      const plain = await docs.listVersions('p/');
      expect(plain.map((d) => [d.name, d.metadata])).toEqual([
        ['p/a', undefined],
        ['p/b', undefined],
      ]);
      expect(plain[0]?.etag).toBe(bare(etag));
      const withMetadata = await docs.listVersions('p/', { metadata: true });
      expect(withMetadata.map((d) => [d.name, d.metadata])).toEqual([
        ['p/a', { sort: '1' }],
        ['p/b', undefined],
      ]);
    });

    it('gives the age by the storage clock in whole seconds', async () => {
      await docs.mark('young');
      const [fresh] = await docs.listVersions('young');
      expect(fresh?.ageMs).toBeGreaterThanOrEqual(0);
      expect(fresh?.ageMs).toBeLessThanOrEqual(1000);
      await new Promise((r) => setTimeout(r, 1100));
      const [older] = await docs.listVersions('young');
      expect(older?.ageMs).toBeGreaterThanOrEqual(1000);
      expect(older?.ageMs).toBeLessThanOrEqual(3000);
      expect((older?.ageMs ?? 1) % 1000).toBe(0);
    });
  });

  describe('update and change', () => {
    it('creates a missing document, changes an existing one, and writes nothing when the change is undefined', async () => {
      const inc = (c?: { count: number }) => ({ count: (c?.count ?? 0) + 1 });
      expect(await docs.update('c.json', counterSchema, inc)).toEqual({ count: 1 });
      const result = await docs.change('c.json', counterSchema, inc);
      expect(result).toEqual({ before: { count: 1 }, value: { count: 2 }, etag: expect.any(String) });
      expect((await docs.properties('c.json'))?.etag).toBe(result.etag);
      const writes = storage.metrics.writes;
      expect(await docs.change('c.json', counterSchema, () => undefined)).toEqual({
        before: { count: 2 },
        value: { count: 2 },
      });
      expect(storage.metrics.writes).toBe(writes);
    });

    it('writes metadata from the new value in the same write', async () => {
      await docs.update('c.json', counterSchema, () => ({ count: 7 }), {
        metadata: (v) => ({ count: String(v.count) }),
      });
      expect((await docs.properties('c.json'))?.metadata).toEqual({ count: '7' });
    });

    it('concurrent updates all land: a conflict reads again and retries', async () => {
      const inc = (c?: { count: number }) => ({ count: (c?.count ?? 0) + 1 });
      await docs.update('c.json', counterSchema, inc);
      await Promise.all(Array.from({ length: 6 }, () => docs.update('c.json', counterSchema, inc)));
      expect((await docs.read('c.json', counterSchema))?.value).toEqual({ count: 7 });
    });

    it('retries after a write in between, and gives up with ConflictError when no retries are left', async () => {
      await docs.create('c.json', { count: 1 });
      let interrupted = 0;
      const interrupt = async () => {
        if (interrupted++ === 0) await docs.put('c.json', { count: 10 });
      };
      const inc = (c?: { count: number }) => ({ count: (c?.count ?? 0) + 1 });
      expect(await docs.update('c.json', counterSchema, inc, { beforeWrite: interrupt })).toEqual({
        count: 11,
      });
      expect(interrupted).toBe(2);
      const always = () => docs.put('c.json', { count: 0 }).then(() => undefined);
      await expect(
        docs.update('c.json', counterSchema, inc, { retries: 1, beforeWrite: always }),
      ).rejects.toBeInstanceOf(ConflictError);
    });

    it('a create in between makes the update of a missing document conflict and read again', async () => {
      let interrupted = false;
      const interrupt = async () => {
        if (!interrupted) await docs.create('c.json', { count: 5 });
        interrupted = true;
      };
      const result = await docs.change('c.json', counterSchema, (c) => ({ count: (c?.count ?? 0) + 1 }), {
        beforeWrite: interrupt,
      });
      expect(result.before).toEqual({ count: 5 });
      expect(result.value).toEqual({ count: 6 });
    });
  });

  describe('a collection bound to one schema', () => {
    it('reads, creates, replaces, updates and deletes values of its schema only, with the same ETag rules', async () => {
      const notes = new DocumentCollection(docs, noteSchema);
      const etag = await notes.create('n.json', { text: 'een', n: 1 });
      // @ts-expect-error: a collection writes values of its schema only
      await expect(notes.create('n.json', { text: 2 })).rejects.toBeInstanceOf(ConflictError);
      expect(await notes.read('n.json')).toEqual({ value: { text: 'een', n: 1 }, etag });
      const next = await notes.replace('n.json', { text: 'twee', n: 2 }, etag);
      await expect(notes.replace('n.json', { text: 'x', n: 0 }, etag)).rejects.toBeInstanceOf(ConflictError);
      expect(await notes.update('n.json', (c) => c && { ...c, n: c.n + 1 })).toEqual({ text: 'twee', n: 3 });
      expect((await notes.change('n.json', () => undefined)).before).toEqual({ text: 'twee', n: 3 });
      await expect(notes.delete('n.json', next)).rejects.toBeInstanceOf(ConflictError);
      await notes.put('m.json', { text: 'put', n: 0 });
      expect((await notes.listVersions()).map((d) => d.name)).toEqual(['m.json', 'n.json']);
      await notes.delete('n.json');
      expect(await notes.read('n.json')).toBeUndefined();
    });
  });

  describe('request counts', () => {
    it('counts reads, writes, heads, deletes, list requests and listed names alike', async () => {
      const before = storage.metrics.snapshot();
      await docs.read('none', noteSchema);
      await docs.create('a', { text: 'a' });
      await docs.put('b', { text: 'b' });
      await docs.mark('c');
      await docs.properties('a');
      await docs.setMetadata('a', { x: '1' }, (await docs.properties('a'))?.etag ?? '');
      await docs.list();
      await docs.listVersions('z');
      await docs.delete('b');
      await docs.delete('none');
      await docs.update('d', counterSchema, () => ({ count: 1 }));
      const after = storage.metrics.snapshot();
      expect({
        reads: after.reads - before.reads,
        writes: after.writes - before.writes,
        heads: after.heads - before.heads,
        deletes: after.deletes - before.deletes,
        lists: after.lists - before.lists,
        listed: after.listed - before.listed,
      }).toEqual({ reads: 2, writes: 5, heads: 2, deletes: 2, lists: 2, listed: 3 });
    });
  });
}
