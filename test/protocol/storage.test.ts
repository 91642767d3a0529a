import { randomUUID } from 'node:crypto';
import { auditEntry } from '../support/auditEntries';
import { BotStateStorage } from '../../src/edge/botStateStorage';
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import { z } from 'zod';
import { BlobAppendBlobs } from '../../src/storage/appendBlobs';
import { AuditLog, type AuditEntry } from '../../src/storage/auditLog';
import { startAzurite } from '../../src/storage/embeddedAzurite';
import { ConflictError, CorruptDocumentError, StorageUnavailableError } from '../../src/storage/errors';
import { StorageMetrics } from '../../src/storage/metrics';
import { openStorage, type BakenStorage } from '../../src/storage/storage';
import { useAzurite } from '../support/harness';

const azurite = useAzurite();

const noteSchema = z.object({ text: z.string(), by: z.string() });
const listSchema = z.object({ items: z.array(z.string()) });

/** A fresh storage on the shared Azurite, with its own containers. */
async function freshStorage(pauseBeforeWriteMs = 0): Promise<BakenStorage> {
  const storage = openStorage({
    connectionString: azurite.get().connectionString,
    prefix: `s${randomUUID().replace(/-/g, '').slice(0, 12)}`,
    pauseBeforeWriteMs,
  });
  await storage.ensureContainers();
  return storage;
}

/** A raw container client on the shared Azurite, for looking behind the abstractions. */
async function rawContainer(): Promise<ContainerClient> {
  const service = BlobServiceClient.fromConnectionString(azurite.get().connectionString);
  const container = service.getContainerClient(`raw${randomUUID().replace(/-/g, '').slice(0, 12)}`);
  await container.create();
  return container;
}

describe('DocumentStore', () => {
  let storage: BakenStorage;
  beforeAll(async () => {
    storage = await freshStorage();
  });

  it('creates a document once; a second create is a ConflictError and changes nothing', async () => {
    const etag = await storage.records.create('create.json', { text: 'eerste', by: 'a' });
    expect(etag).not.toBe('');
    await expect(storage.records.create('create.json', { text: 'tweede', by: 'b' })).rejects.toBeInstanceOf(
      ConflictError,
    );
    const found = await storage.records.read('create.json', noteSchema);
    expect(found).toEqual({ value: { text: 'eerste', by: 'a' }, etag });
  });

  it('reads a missing document as undefined', async () => {
    await expect(storage.records.read('nothing-here.json', noteSchema)).resolves.toBeUndefined();
  });

  it('refuses a replace with a stale ETag; the document keeps the winner content', async () => {
    const first = await storage.records.create('race.json', { text: 'begin', by: 'a' });
    const winner = await storage.records.replace('race.json', { text: 'winnaar', by: 'b' }, first);
    expect(winner).not.toBe(first);
    await expect(
      storage.records.replace('race.json', { text: 'verliezer', by: 'c' }, first),
    ).rejects.toBeInstanceOf(ConflictError);
    const found = await storage.records.read('race.json', noteSchema);
    expect(found).toEqual({ value: { text: 'winnaar', by: 'b' }, etag: winner });
  });

  it('deletes only at the given ETag; deleting a missing document is fine', async () => {
    const first = await storage.records.create('delete.json', { text: 'x', by: 'a' });
    await storage.records.replace('delete.json', { text: 'y', by: 'a' }, first);
    await expect(storage.records.delete('delete.json', first)).rejects.toBeInstanceOf(ConflictError);
    expect(await storage.records.read('delete.json', noteSchema)).toBeDefined();
    await storage.records.delete('delete.json');
    expect(await storage.records.read('delete.json', noteSchema)).toBeUndefined();
    await expect(storage.records.delete('delete.json')).resolves.toBeUndefined();
  });

  it('gives CorruptDocumentError for a document that does not match its schema, or is not JSON', async () => {
    await storage.records.put('wrong-shape.json', { text: 42 });
    await expect(storage.records.read('wrong-shape.json', noteSchema)).rejects.toBeInstanceOf(
      CorruptDocumentError,
    );

    const container = BlobServiceClient.fromConnectionString(
      azurite.get().connectionString,
    ).getContainerClient(`${storage.records.name}`);
    await container.getBlockBlobClient('not-json.json').upload('{"text": "half', 14);
    await expect(storage.records.read('not-json.json', noteSchema)).rejects.toBeInstanceOf(
      CorruptDocumentError,
    );
  });

  it('update() leaves the document alone when the change returns undefined', async () => {
    const etag = await storage.records.create('unchanged.json', { items: ['a'] });
    const result = await storage.records.update('unchanged.json', listSchema, () => undefined);
    expect(result).toEqual({ items: ['a'] });
    expect((await storage.records.read('unchanged.json', listSchema))?.etag).toBe(etag);
  });

  it('lists documents under a prefix', async () => {
    await storage.outbox.create('team-a/1.json', { n: 1 });
    await storage.outbox.create('team-a/2.json', { n: 2 });
    await storage.outbox.create('team-b/1.json', { n: 3 });
    expect((await storage.outbox.list('team-a/')).sort()).toEqual(['team-a/1.json', 'team-a/2.json']);
  });
});

describe('DocumentStore.update under concurrency', () => {
  it('retries on conflict: two concurrent updates of a new document both land', async () => {
    // Both read "missing" during the pause, both try to create; the loser retries on the winner's version.
    const storage = await freshStorage(100);
    const before = storage.metrics.snapshot();
    const add = (item: string) =>
      storage.escalations.update('shared.json', listSchema, (current) => ({
        items: [...(current?.items ?? []), item],
      }));
    await Promise.all([add('anna'), add('bram')]);
    const found = await storage.escalations.read('shared.json', listSchema);
    expect(found?.value.items.sort()).toEqual(['anna', 'bram']);
    // Proves the conflict path ran: two writes that land plus at least one that lost.
    expect(storage.metrics.writes - before.writes).toBeGreaterThanOrEqual(3);
  });

  it('retries on conflict: two concurrent updates of an existing document both land', async () => {
    const storage = await freshStorage(100);
    await storage.escalations.create('existing.json', { items: ['start'] });
    const before = storage.metrics.snapshot();
    const add = (item: string) =>
      storage.escalations.update('existing.json', listSchema, (current) => ({
        items: [...(current?.items ?? []), item],
      }));
    await Promise.all([add('anna'), add('bram')]);
    const found = await storage.escalations.read('existing.json', listSchema);
    expect(found?.value.items[0]).toBe('start');
    expect(found?.value.items.slice(1).sort()).toEqual(['anna', 'bram']);
    expect(storage.metrics.writes - before.writes).toBeGreaterThanOrEqual(3);
  });

  it("gives up with ConflictError after the allowed retries, losing no one else's write", async () => {
    const prefix = `s${randomUUID().replace(/-/g, '').slice(0, 12)}`;
    const slow = openStorage({
      connectionString: azurite.get().connectionString,
      prefix,
      pauseBeforeWriteMs: 100,
    });
    const other = openStorage({ connectionString: azurite.get().connectionString, prefix });
    await slow.ensureContainers();
    await slow.escalations.create('contested.json', { items: [] });
    const interfering: Array<Promise<string>> = [];
    let calls = 0;
    // Every attempt is overtaken: another writer changes the document while this one pauses before writing.
    const attempt = slow.escalations.update(
      'contested.json',
      listSchema,
      (current) => {
        calls++;
        interfering.push(other.escalations.put('contested.json', { items: [`other-${calls}`] }));
        return { items: [...(current?.items ?? []), 'mine'] };
      },
      { retries: 2 },
    );
    await expect(attempt).rejects.toBeInstanceOf(ConflictError);
    await Promise.all(interfering);
    expect(calls).toBe(3);
    expect((await slow.escalations.read('contested.json', listSchema))?.value).toEqual({
      items: ['other-3'],
    });
  });
});

describe('BotStateStorage', () => {
  let storage: BakenStorage;
  beforeAll(async () => {
    storage = await freshStorage();
  });

  it('round-trips read, write and delete, with keys that are not blob-safe', async () => {
    const key = 'msteams/conversations/a:personal-aad-anna/';
    expect(await new BotStateStorage(storage.state).read([key])).toEqual({});
    await new BotStateStorage(storage.state).write({
      [key]: { dialogState: { step: 2 }, welcomed: true, eTag: '*' },
    });
    const read = await new BotStateStorage(storage.state).read([key, 'msteams/conversations/other/']);
    expect(Object.keys(read)).toEqual([key]);
    expect(read[key]).toMatchObject({ dialogState: { step: 2 }, welcomed: true });
    expect(typeof read[key]?.eTag).toBe('string');
    expect(read[key]?.eTag).not.toBe('*');

    await new BotStateStorage(storage.state).delete([key]);
    expect(await new BotStateStorage(storage.state).read([key])).toEqual({});
  });

  it('writes conditionally when the item carries a real ETag', async () => {
    const key = 'msteams/conversations/19:channel@thread.tacv2/';
    await new BotStateStorage(storage.state).write({ [key]: { n: 1 } });
    const first = await new BotStateStorage(storage.state).read([key]);
    const stale = first[key]?.eTag as string;
    await new BotStateStorage(storage.state).write({ [key]: { n: 2, eTag: stale } });
    await expect(
      new BotStateStorage(storage.state).write({ [key]: { n: 3, eTag: stale } }),
    ).rejects.toBeInstanceOf(ConflictError);
    expect((await new BotStateStorage(storage.state).read([key]))[key]).toMatchObject({ n: 2 });
  });

  it('updates the item ETag after a write, so the next conditional write succeeds', async () => {
    const key = 'msteams/users/aad-bram/';
    const item: Record<string, unknown> = { n: 1 };
    await new BotStateStorage(storage.state).write({ [key]: item });
    const etag = item.eTag;
    expect(typeof etag).toBe('string');
    item.n = 2;
    await new BotStateStorage(storage.state).write({ [key]: item });
    expect(item.eTag).not.toBe(etag);
    expect((await new BotStateStorage(storage.state).read([key]))[key]).toMatchObject({
      n: 2,
      eTag: item.eTag,
    });
  });
});

describe('AuditLog', () => {
  it('appends lines in order and readAll returns them', async () => {
    const container = await rawContainer();
    const log = new AuditLog(new BlobAppendBlobs(container), new StorageMetrics());
    const at = '2025-03-04T10:00:00.000Z';
    // Not awaited one by one: the log itself must keep the order of the calls.
    await Promise.all([1, 2, 3, 4, 5].map((n) => log.append(auditEntry(n, at))));

    const blobs: string[] = [];
    for await (const item of container.listBlobsFlat()) blobs.push(item.name);
    expect(blobs).toHaveLength(1);
    expect(blobs[0]).toMatch(/^2025-03-04\/[0-9a-f]{8}-0\.jsonl$/);
    const blob = container.getAppendBlobClient(blobs[0] ?? '');
    expect((await blob.getProperties()).blobType).toBe('AppendBlob');
    const raw = (await blob.downloadToBuffer()).toString('utf8');
    const lines = raw.split('\n').filter((l) => l !== '');
    expect(lines.map((l) => (JSON.parse(l) as AuditEntry).action)).toEqual([
      'test.step1',
      'test.step2',
      'test.step3',
      'test.step4',
      'test.step5',
    ]);

    const all = await log.readAll();
    expect(all.map((e) => e.action)).toEqual([
      'test.step1',
      'test.step2',
      'test.step3',
      'test.step4',
      'test.step5',
    ]);
    expect(all[0]).toEqual(auditEntry(1, at));
  });

  it('writes the entries that come while an append is in flight together, in order', async () => {
    const container = await rawContainer();
    const metrics = new StorageMetrics();
    const log = new AuditLog(new BlobAppendBlobs(container), metrics);
    const at = '2025-03-04T10:00:00.000Z';
    const numbers = Array.from({ length: 20 }, (_, i) => i + 1);
    await Promise.all(numbers.map((n) => log.append(auditEntry(n, at))));
    // The first entry alone, then the 19 that queued behind it in one append.
    expect(metrics.writes).toBe(2);
    expect((await log.readAll()).map((e) => e.action)).toEqual(numbers.map((n) => `test.step${n}`));
  });

  it('keeps one blob per day and readAll returns every day, oldest first', async () => {
    const container = await rawContainer();
    const log = new AuditLog(new BlobAppendBlobs(container), new StorageMetrics());
    await log.append(auditEntry(2, '2025-03-05T08:00:00.000Z'));
    await log.append(auditEntry(1, '2025-03-04T23:59:00.000Z'));
    await log.append(auditEntry(3, '2025-03-05T09:00:00.000Z'));
    const blobs: string[] = [];
    for await (const item of container.listBlobsFlat()) blobs.push(item.name);
    expect(blobs.map((b) => b.slice(0, 10)).sort()).toEqual(['2025-03-04', '2025-03-05']);
    expect((await log.readAll()).map((e) => e.action)).toEqual(['test.step1', 'test.step2', 'test.step3']);
    expect((await log.readAll((e) => e.objectId === 'esc-3')).map((e) => e.action)).toEqual(['test.step3']);
  });

  it('keeps appending to the right blob when an entry goes back to an earlier day', async () => {
    const container = await rawContainer();
    const log = new AuditLog(new BlobAppendBlobs(container), new StorageMetrics());
    await log.append(auditEntry(1, '2025-03-04T10:00:00.000Z'));
    await log.append(auditEntry(2, '2025-03-05T10:00:00.000Z'));
    await log.append(auditEntry(3, '2025-03-04T23:00:00.000Z'));
    const blobs: string[] = [];
    for await (const item of container.listBlobsFlat()) blobs.push(item.name);
    expect(blobs).toHaveLength(2);
    expect((await log.readAll()).map((e) => e.action)).toEqual(['test.step1', 'test.step3', 'test.step2']);
  });

  it('reads past a damaged line instead of failing the whole log', async () => {
    const container = await rawContainer();
    const log = new AuditLog(new BlobAppendBlobs(container), new StorageMetrics());
    await log.append(auditEntry(1, '2025-03-04T10:00:00.000Z'));
    const [name] = await listNames(container);
    if (!name) throw new Error('no audit blob');
    await container.getAppendBlobClient(name).appendBlock('{not json\n', 10);
    await log.append(auditEntry(2, '2025-03-04T11:00:00.000Z'));
    expect((await log.readAll()).map((e) => e.action)).toEqual(['test.step1', 'test.step2']);
  });

  it('refuses an entry that does not match its schema, writing nothing', async () => {
    const container = await rawContainer();
    const log = new AuditLog(new BlobAppendBlobs(container), new StorageMetrics());
    const bad = { ...auditEntry(1, '2025-03-04T10:00:00.000Z'), role: 'hacker' } as unknown as AuditEntry;
    expect(() => log.append(bad)).toThrow();
    expect(await log.readAll()).toEqual([]);
  });
});

/** The blob names in a container. */
async function listNames(container: Awaited<ReturnType<typeof rawContainer>>): Promise<string[]> {
  const names: string[] = [];
  for await (const item of container.listBlobsFlat()) names.push(item.name);
  return names;
}

describe('StorageMetrics', () => {
  it('counts every storage operation', async () => {
    const storage = await freshStorage();
    const before = storage.metrics.snapshot();
    const etag = await storage.records.create('counted.json', { text: 'a', by: 'a' });
    await storage.records.read('counted.json', noteSchema);
    await storage.records.replace('counted.json', { text: 'b', by: 'a' }, etag);
    await storage.records.list();
    await storage.records.delete('counted.json');
    await storage.audit.append(auditEntry(1, '2025-03-04T10:00:00.000Z'));
    await storage.audit.readAll();
    const after = storage.metrics.snapshot();
    expect({
      reads: after.reads - before.reads,
      writes: after.writes - before.writes,
      deletes: after.deletes - before.deletes,
      lists: after.lists - before.lists,
    }).toEqual({ reads: 2, writes: 3, deletes: 1, lists: 1 });
  });
});

describe('when storage goes away', () => {
  it('DocumentStore.read throws StorageUnavailableError and isReachable() turns false', async () => {
    // Its own Azurite: stopping the shared one would break the other tests in this file.
    const own = await startAzurite();
    try {
      const storage = openStorage({ connectionString: own.connectionString, prefix: 'outage' });
      await storage.ensureContainers();
      await storage.records.create('kept.json', { text: 'a', by: 'a' });
      expect(await storage.isReachable()).toBe(true);

      await own.stop();

      const started = Date.now();
      await expect(storage.records.read('kept.json', noteSchema)).rejects.toBeInstanceOf(
        StorageUnavailableError,
      );
      await expect(storage.records.create('new.json', { text: 'b', by: 'b' })).rejects.toBeInstanceOf(
        StorageUnavailableError,
      );
      expect(await storage.isReachable()).toBe(false);
      // Users are waiting: an outage must be reported within seconds, not after long retries.
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      await own.stop();
    }
  });
});
