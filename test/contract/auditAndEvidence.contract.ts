import { EvidenceStore, evidenceBlobName, sha256Hex } from '../../src/incidents/evidence/evidenceStore';
import { auditEntry } from '../support/auditEntries';
import { BotStateStorage } from '../../src/edge/botStateStorage';
import type { EvidenceRef } from '../../src/incidents/incidentRecord';
import type { AuditEntry } from '../../src/storage/auditLog';
import { ConflictError } from '../../src/storage/errors';
import type { BakenStorage } from '../../src/storage/storage';
import { freshStorage, type OpenStorage } from './contractStorage';

function evidenceRef(id: string, bytes: Buffer): EvidenceRef {
  return {
    id,
    sha256: sha256Hex(bytes),
    size: bytes.length,
    contentType: 'image/png',
    uploadedBy: { aadObjectId: 'aad-bram', name: 'Bram' },
    uploadedAt: '2026-11-02T09:00:00.000Z',
    source: 'inline',
  };
}

/** The audit log's rules (one append blob per process and day, batching, order) on every implementation. */
export function auditLogContract(open: OpenStorage): void {
  let storage: BakenStorage;
  beforeEach(async () => {
    storage = await freshStorage(open);
  });

  it('appends in call order, one blob per day, and reads every day back oldest first', async () => {
    await Promise.all([1, 2, 3].map((n) => storage.audit.append(auditEntry(n, '2025-03-05T10:00:00.000Z'))));
    await storage.audit.append(auditEntry(4, '2025-03-04T10:00:00.000Z'));
    const blobs = (await storage.listEverything()).audit;
    expect(blobs).toHaveLength(2);
    for (const blob of blobs) expect(blob).toMatch(/^2025-03-0[45]\/[0-9a-f]{8}-0\.jsonl$/);
    expect((await storage.audit.readAll()).map((e) => e.action)).toEqual([
      'test.step4',
      'test.step1',
      'test.step2',
      'test.step3',
    ]);
    expect((await storage.audit.readAll((e) => e.objectId === 'esc-2')).map((e) => e.action)).toEqual([
      'test.step2',
    ]);
  });

  it('writes the entries that come while an append is in flight in one request, and counts reads per blob', async () => {
    const before = storage.metrics.snapshot();
    await Promise.all(
      [1, 2, 3, 4, 5].map((n) => storage.audit.append(auditEntry(n, '2025-03-04T10:00:00.000Z'))),
    );
    expect(storage.metrics.writes - before.writes).toBe(2);
    await storage.audit.readAll();
    expect(storage.metrics.reads - before.reads).toBe(1);
  });

  it('refuses an entry that does not match its schema and fills in defaults', async () => {
    const bad = { ...auditEntry(1, '2025-03-04T10:00:00.000Z'), role: 'hacker' } as unknown as AuditEntry;
    expect(() => storage.audit.append(bad)).toThrow();
    const withoutOutcome: Partial<AuditEntry> = auditEntry(2, '2025-03-04T10:00:00.000Z');
    delete withoutOutcome.outcome;
    await storage.audit.append(withoutOutcome as AuditEntry);
    expect(await storage.audit.readAll()).toEqual([auditEntry(2, '2025-03-04T10:00:00.000Z')]);
  });
}

/** The evidence container's rules (written once, metadata, listing per incident) on every implementation. */
export function evidenceContract(open: OpenStorage): void {
  let storage: BakenStorage;
  let evidence: EvidenceStore;
  beforeEach(async () => {
    storage = await freshStorage(open);
    evidence = new EvidenceStore(storage.evidence);
  });

  it('stores bytes once with their metadata and content type, and checks the hash on read', async () => {
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    const ref = evidenceRef('ev1', bytes);
    await evidence.put('inc1', ref, bytes);
    await expect(evidence.put('inc1', ref, Buffer.from('other'))).rejects.toBeInstanceOf(ConflictError);
    expect(await evidence.get('inc1', ref)).toEqual({ bytes, intact: true });
    expect(await evidence.get('inc1', { ...ref, sha256: sha256Hex(Buffer.from('x')) })).toEqual({
      bytes,
      intact: false,
    });
    expect(await storage.evidence.properties(evidenceBlobName('inc1', 'ev1'))).toEqual({
      contentType: 'image/png',
      metadata: {
        sha256: ref.sha256,
        size: String(bytes.length),
        uploader: 'aad-bram',
        uploadedat: ref.uploadedAt,
        source: 'inline',
      },
    });
    expect(await evidence.get('inc1', evidenceRef('missing', bytes))).toBeUndefined();
    expect(await storage.evidence.properties('incidents/inc1/missing')).toBeUndefined();
  });

  it('deletes every piece of one incident and nothing of another', async () => {
    const bytes = Buffer.from('png');
    for (const [incident, id] of [
      ['inc1', 'a'],
      ['inc1', 'b'],
      ['inc10', 'c'],
    ] as const) {
      await evidence.put(incident, evidenceRef(id, bytes), bytes);
    }
    expect(await evidence.deleteAll('inc1')).toBe(2);
    expect((await storage.listEverything()).evidence).toEqual(['incidents/inc10/c']);
    expect(await evidence.deleteAll('inc1')).toBe(0);
    expect(await evidence.get('inc1', evidenceRef('a', bytes))).toBeUndefined();
  });
}

/** The whole storage: containers, reachability, the listing of everything and botbuilder's state. */
export function bakenStorageContract(open: OpenStorage): void {
  it('names containers by prefix, creates them idempotently, answers, and lists every container', async () => {
    const storage = await freshStorage(open);
    expect(storage.state.name).toMatch(/^c[0-9a-f]{12}-state$/);
    await storage.ensureContainers();
    expect(await storage.isReachable()).toBe(true);
    await storage.teams.put('t.json', { id: 't' });
    await storage.outbox.mark('o/1');
    await storage.sending.mark('o/1');
    const everything = await storage.listEverything();
    expect(everything).toEqual({
      state: [],
      teams: ['t.json'],
      records: [],
      escalations: [],
      outbox: ['o/1'],
      sending: ['o/1'],
      evidence: [],
      audit: [],
    });
  });

  it('keeps botbuilder state: unconditional writes with *, conditional ones with an ETag, and deletes', async () => {
    const storage = await freshStorage(open);
    const item: Record<string, unknown> = { turns: 1, eTag: '*' };
    await new BotStateStorage(storage.state).write({ 'conv/1': item });
    const read = await new BotStateStorage(storage.state).read(['conv/1', 'conv/none']);
    expect(Object.keys(read)).toEqual(['conv/1']);
    expect(read['conv/1']).toEqual({ turns: 1, eTag: item.eTag });
    expect((await storage.listEverything()).state).toEqual(['conv%2F1.json']);
    const stale = String(item.eTag);
    await new BotStateStorage(storage.state).write({ 'conv/1': { turns: 2, eTag: stale } });
    await expect(
      new BotStateStorage(storage.state).write({ 'conv/1': { turns: 3, eTag: stale } }),
    ).rejects.toBeInstanceOf(ConflictError);
    await new BotStateStorage(storage.state).delete(['conv/1']);
    expect(await new BotStateStorage(storage.state).read(['conv/1'])).toEqual({});
  });

  it('storage opened again on the same prefix sees the same data', async () => {
    const storage = await freshStorage(open);
    await storage.records.put('r.json', { a: 1 });
    const prefix = storage.state.name.replace(/-state$/, '');
    const again = open(prefix);
    expect(await again.records.list()).toEqual(['r.json']);
  });
}
