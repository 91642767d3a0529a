import { randomUUID } from 'node:crypto';
import { FakeClock, systemClock, type Clock } from '../../src/clock';
import type { DeliveryPlanner } from '../../src/delivery/deliveryPlan';
import { directPlan } from '../../src/delivery/directPlan';
import { Dispatcher } from '../../src/delivery/dispatcher';
import { Outbox, outboxDocName } from '../../src/delivery/outbox';
import type { NewOutboxEntry, OutboxEntry } from '../../src/delivery/outboxEntry';
import { TeamsGateway } from '../../src/edge/teamsGateway';
import { createLogger } from '../../src/logger';
import type { BakenStorage } from '../../src/storage/storage';
import { LoopbackConnector, type ConnectorCall } from '../support/connector';
import { openTestStorage, useMemoryStorage } from '../support/harness';

const memory = useMemoryStorage();

/** Renders every entry as a 1:1 message whose summary is its key (the escalation side is not needed here). */
const keyAsText: DeliveryPlanner = {
  plan: async (entry) =>
    directPlan(entry.target, { type: 'message', summary: entry.key, attachments: [] }) ?? {
      kind: 'skip',
      reason: 'target',
    },
  onSent: async () => undefined,
  onFailed: async () => undefined,
};

const texts = (calls: ConnectorCall[]) =>
  calls.filter((c) => /\/activities$/.test(c.path)).map((c) => String(c.body.summary));

describe('dispatcher: new entries go out at once, in order per thread', () => {
  let connector: LoopbackConnector;
  let storage: BakenStorage;
  let dispatcher: Dispatcher | undefined;
  beforeEach(async () => {
    connector = await new LoopbackConnector().start();
    storage = openTestStorage(memory.get(), `t${randomUUID().replace(/-/g, '').slice(0, 12)}`);
    await storage.ensureContainers();
  });
  afterEach(async () => {
    await dispatcher?.stop();
    await connector.stop();
  });

  function start(clock: Clock, wakeTimers: boolean) {
    const outbox = new Outbox(storage.outbox, clock, storage.sending);
    dispatcher = new Dispatcher({
      outbox,
      port: new TeamsGateway({ appId: '', clock, timeoutMs: 2_000 }),
      planner: keyAsText,
      clock,
      logger: createLogger('silent'),
      instanceId: 'test',
      wakeTimers,
      directThread: (thread) => thread.startsWith('esc:'),
    });
    const d = dispatcher;
    outbox.onEnqueued((created) => d.deliverNew(created));
    return { outbox, dispatcher: d };
  }

  /** A 1:1 message to `person`, in an escalation's thread (sent directly) unless another thread is given. */
  const entry = (key: string, person = 'anna', thread = `esc:${person}`): NewOutboxEntry => ({
    key,
    thread,
    target: { kind: 'personal', address: { serviceUrl: connector.url }, aadObjectId: person },
    render: { card: 'message', message: 'reporterAcknowledged' },
  });

  /** Counts the listings of the outbox and of its markers of waiting entries, with or without metadata. */
  const listingsOfOutbox = () => {
    const spies = [storage.outbox, storage.sending].flatMap((store) => [
      jest.spyOn(store, 'list'),
      jest.spyOn(store, 'listVersions'),
    ]);
    return () => spies.reduce((sum, spy) => sum + spy.mock.calls.length, 0);
  };

  it('sends a new entry without a drain: no listing of the outbox', async () => {
    const { outbox } = start(new FakeClock(), false);
    const lists = listingsOfOutbox();
    await outbox.enqueue([entry('first')]);
    await connector.waitFor((calls) => texts(calls).includes('first'), 5_000);
    await dispatcher?.settle();
    expect(lists()).toBe(0);
    expect((await outbox.get('first'))?.value).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('a new entry of another thread goes through a drain, which sees what other instances recorded', async () => {
    const { outbox } = start(new FakeClock(), false);
    const lists = listingsOfOutbox();
    await outbox.enqueue([entry('personal', 'anna', 'user:anna')]);
    await connector.waitFor((calls) => texts(calls).includes('personal'), 5_000);
    expect(lists()).toBeGreaterThan(0);
  });

  it('entries of one thread recorded together are written in order', async () => {
    const { outbox } = start(new FakeClock(), false);
    const creates: string[] = [];
    const create = storage.outbox.create.bind(storage.outbox);
    jest.spyOn(storage.outbox, 'create').mockImplementation(async (name, value) => {
      creates.push(`start ${name}`);
      const etag = await create(name, value);
      creates.push(`done ${name}`);
      return etag;
    });
    await outbox.enqueue([entry('one', 'anna', 'user:anna'), entry('two', 'anna', 'user:anna')]);
    expect(creates).toEqual(['start one.json', 'done one.json', 'start two.json', 'done two.json']);
  });

  it('a new entry in a thread where an older one waits goes after it, not before', async () => {
    const clock = new FakeClock();
    const { outbox } = start(clock, false);
    const isAnnaSend = (c: ConnectorCall) => /\/activities$/.test(c.path);
    connector.script(isAnnaSend, { status: 429, headers: { 'retry-after': '5' } });
    await outbox.enqueue([entry('older')]);
    await dispatcher?.settle();
    expect((await outbox.get('older'))?.value).toMatchObject({
      status: 'pending',
      lastError: { status: 429 },
    });

    await outbox.enqueue([entry('newer')]);
    await dispatcher?.settle();
    await dispatcher?.drain();
    expect(texts(connector.calls)).toEqual(['older']); // only the refused first try: "newer" waits its turn

    clock.advance(5_000);
    await dispatcher?.drain();
    expect(texts(connector.calls)).toEqual(['older', 'older', 'newer']);
    // Another escalation's thread is not held up by Anna's.
    await outbox.enqueue([entry('other', 'piet')]);
    await connector.waitFor((calls) => texts(calls).includes('other'), 5_000);
  });

  it("an entry recorded during a press waits for the press's answer, even when a drain runs meanwhile", async () => {
    const { outbox, dispatcher: d } = start(new FakeClock(), false);
    let answer = () => undefined as void;
    const answered = new Promise<void>((resolve) => (answer = resolve));
    await outbox.enqueue([entry('update')], { deliverAfter: answered });
    // A later entry of the same thread, and a drain started by other work, while the press is not answered yet.
    await outbox.enqueue([entry('later')]);
    await d.drain();
    expect(texts(connector.calls)).toEqual([]);
    answer();
    await connector.waitFor((calls) => texts(calls).length === 2, 5_000);
    expect(texts(connector.calls)).toEqual(['update', 'later']);
    await d.settle();
    await d.drain();
    expect((await outbox.get('update'))?.value).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('the same entry recorded by two presses at once goes out when the press that created it was answered', async () => {
    const { outbox } = start(new FakeClock(), false);
    // The first press's write is slow, so the second press creates the entry and the first finds it there.
    const create = storage.outbox.create.bind(storage.outbox);
    let slow = true;
    jest.spyOn(storage.outbox, 'create').mockImplementation(async (name, value) => {
      if (slow) {
        slow = false;
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
      return create(name, value);
    });
    const answers: Array<() => void> = [];
    const press = () =>
      outbox.enqueue([entry('same')], {
        deliverAfter: new Promise<void>((resolve) => answers.push(() => resolve())),
      });
    const created = await Promise.all([press(), press()]);
    expect(created).toEqual([0, 1]);
    // Only the answer of the press whose write created it; the other press is still unanswered.
    answers[created.indexOf(1)]?.();
    await connector.waitFor((calls) => texts(calls).includes('same'), 5_000);
    answers[created.indexOf(0)]?.();
    await dispatcher?.settle();
    expect(texts(connector.calls)).toEqual(['same']);
  });

  it('entries held for an answer that never comes (the promise rejects) go out all the same', async () => {
    const { outbox } = start(new FakeClock(), false);
    let fail = () => undefined as void;
    const answered = new Promise<void>((_, reject) => (fail = () => reject(new Error('gone'))));
    await outbox.enqueue([entry('orphan')], { deliverAfter: answered });
    fail();
    await connector.waitFor((calls) => texts(calls).includes('orphan'), 5_000);
  });

  it('a send told to wait (429 with Retry-After) is tried again at that moment, without a scheduler tick', async () => {
    const { outbox } = start(systemClock, true);
    connector.script((c) => /\/activities$/.test(c.path), {
      status: 429,
      headers: { 'retry-after': '1' },
    });
    const began = Date.now();
    await outbox.enqueue([entry('retried')]);
    await connector.waitFor((calls) => texts(calls).filter((t) => t === 'retried').length === 2, 5_000);
    const [first, second] = connector.calls.filter((c) => /\/activities$/.test(c.path));
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(1_000);
    expect(Date.now() - began).toBeLessThan(4_000);
    await dispatcher?.settle();
    await dispatcher?.drain();
    expect((await outbox.get('retried'))?.value).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('a drain reads only the entries that wait; one written before markers existed waits for the hourly sweep', async () => {
    const clock = new FakeClock();
    const first = start(clock, false);
    await first.outbox.enqueue([entry('sent-1'), entry('sent-2', 'bram')]);
    await connector.waitFor(
      (calls) => texts(calls).includes('sent-1') && texts(calls).includes('sent-2'),
      5_000,
    );
    await first.dispatcher.settle();
    // Sent: their markers go with the next drain, without reading the entries (this process sent them).
    expect(await storage.sending.list()).toHaveLength(2);
    const firstReads = jest.spyOn(storage.outbox, 'read');
    await first.dispatcher.drain();
    expect(firstReads).not.toHaveBeenCalled();
    firstReads.mockRestore();
    expect(await storage.sending.list()).toEqual([]);
    await first.dispatcher.stop();
    // Written by a version before markers (and metadata) existed: one pending, one already sent.
    const now = clock.now().toISOString();
    const old = (key: string, status: 'pending' | 'sent'): OutboxEntry => ({
      ...entry(key, 'carla', 'user:carla'),
      status,
      attempts: status === 'sent' ? 1 : 0,
      createdAt: now,
      seq: 1,
      nextAttemptAt: now,
    });
    await storage.outbox.create(outboxDocName('old-pending'), old('old-pending', 'pending'));
    await storage.outbox.create(outboxDocName('old-sent'), old('old-sent', 'sent'));

    // A new process on the same storage: its drains read nothing until the sweep gave the waiting entry a marker.
    const { outbox, dispatcher: restarted } = start(clock, false);
    const reads = jest.spyOn(storage.outbox, 'read');
    const read = () => reads.mock.calls.map(([name]) => name).sort();
    await restarted.drain();
    expect(read()).toEqual([]);
    expect(await outbox.sweepIfDue()).toBe(1);
    expect(await storage.sending.list()).toEqual([outboxDocName('old-pending')]);
    reads.mockClear();
    await restarted.drain();
    expect(read()).toEqual([outboxDocName('old-pending')]);
    expect(texts(connector.calls).filter((t) => t === 'old-pending')).toHaveLength(1);
    expect((await outbox.get('old-pending'))?.value.status).toBe('sent');
    // Nothing waits: the next drain reads nothing (and deletes the marker), the sweep is not due again today.
    reads.mockClear();
    await restarted.drain();
    expect(read()).toEqual([]);
    expect(await storage.sending.list()).toEqual([]);
    expect(await outbox.sweepIfDue()).toBe(0);
    // An hour later the sweep runs again; the entries it read before (no metadata) are known finished, not read.
    clock.advance(60 * 60 * 1000);
    expect(await outbox.sweepIfDue()).toBe(0);
    expect(read()).toEqual([]);
  });

  it('a marker left by a crash is deleted by the next drain: after its entry finished, or once it is a minute old without one', async () => {
    const clock = new FakeClock();
    const { outbox, dispatcher: d } = start(clock, false);
    await outbox.enqueue([entry('done')]);
    await connector.waitFor((calls) => texts(calls).includes('done'), 5_000);
    await d.settle();
    await d.drain();
    // A crash between the entry's last write and its marker's delete, and one between a marker and its entry.
    await storage.sending.create(outboxDocName('done'), {}, { createdat: clock.now().toISOString() });
    await storage.sending.create(
      outboxDocName('never-written'),
      {},
      { createdat: clock.now().toISOString() },
    );
    const restarted = start(clock, false);
    await restarted.dispatcher.drain();
    expect(await storage.sending.list()).toEqual([outboxDocName('never-written')]);
    // Young: its entry may still be on its way. Listings give ages by the storage's own clock; a minute later it
    // goes, at the ETag listed (one written again meanwhile, for the same key recorded anew, would stay).
    const listed = await storage.sending.listVersions('');
    const aged = jest
      .spyOn(storage.sending, 'listVersions')
      .mockImplementation(async () => listed.map((marker) => ({ ...marker, ageMs: 61_000 })));
    await storage.sending.put(outboxDocName('never-written'), {}, { createdat: clock.now().toISOString() });
    await restarted.dispatcher.drain();
    expect(await storage.sending.list()).toEqual([outboxDocName('never-written')]);
    aged.mockRestore();
    const fresh = await storage.sending.listVersions('');
    const agedAgain = jest
      .spyOn(storage.sending, 'listVersions')
      .mockImplementation(async () => fresh.map((marker) => ({ ...marker, ageMs: 61_000 })));
    await restarted.dispatcher.drain();
    agedAgain.mockRestore();
    expect(await storage.sending.list()).toEqual([]);
    expect(texts(connector.calls).filter((t) => t === 'done')).toHaveLength(1);
  });

  it('an entry whose marker could not be written is still sent by a drain of its process, which writes the marker', async () => {
    const { outbox } = start(new FakeClock(), false);
    const markerWrites = jest
      .spyOn(storage.sending, 'create')
      .mockRejectedValueOnce(new Error('storage busy'));
    const markerPuts = jest.spyOn(storage.sending, 'put');
    await outbox.enqueue([entry('unmarked', 'anna', 'user:anna')]);
    expect(markerWrites).toHaveBeenCalledTimes(1);
    // Not a thread sent at once: the drain the enqueue started lists no marker for it, reads it all the same, and
    // writes its marker.
    await connector.waitFor((calls) => texts(calls).includes('unmarked'), 5_000);
    await dispatcher?.settle();
    expect(markerPuts).toHaveBeenCalledTimes(1);
    expect(texts(connector.calls).filter((t) => t === 'unmarked')).toHaveLength(1);
    expect((await outbox.get('unmarked'))?.value.status).toBe('sent');
    await dispatcher?.drain();
    expect(await storage.sending.list()).toEqual([]);
  });

  it('a sweep that fails is tried again on the next tick, not a day later', async () => {
    const clock = new FakeClock();
    const { outbox } = start(clock, false);
    const now = clock.now().toISOString();
    const waiting: OutboxEntry = {
      ...entry('before-markers', 'carla', 'user:carla'),
      status: 'pending',
      attempts: 0,
      createdAt: now,
      seq: 1,
      nextAttemptAt: now,
    };
    await storage.outbox.create(outboxDocName('before-markers'), waiting);
    jest.spyOn(storage.outbox, 'listVersions').mockRejectedValueOnce(new Error('storage busy'));
    await expect(outbox.sweepIfDue()).rejects.toThrow('storage busy');
    expect(await outbox.sweepIfDue()).toBe(1);
    expect(await storage.sending.list()).toEqual([outboxDocName('before-markers')]);
    expect(await outbox.sweepIfDue()).toBe(0);
  });
});
