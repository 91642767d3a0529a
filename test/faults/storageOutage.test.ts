import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BOT_TEXTS } from '../../src/bot/botTexts';
import { FakeClock } from '../../src/clock';
import { outboxEntrySchema } from '../../src/delivery/outboxEntry';
import { escalationRecordSchema } from '../../src/escalation/escalationRecord';
import { startAzurite, type EmbeddedAzurite } from '../../src/storage/embeddedAzurite';
import { teamRecordSchema } from '../../src/teams/teamRecord';
import { buttonOf, cardText } from '../support/cardWalk';
import type { ConnectorCall } from '../support/connector';
import { EventLog } from '../support/eventLog';
import { portOutsideEphemeralRange } from '../support/stablePort';
import { executeActions } from '../support/flowWalker';
import {
  PEOPLE,
  cardOf,
  channelThreads,
  escalationIdOf,
  invokeCardOf,
  sendTestEscalation,
  setEscalationChannel,
  startEscalationBaken,
  type EscalationBaken,
} from '../support/escalationSetup';
import { snapshotStorage, unparsableDocuments, type StorageSnapshot } from '../support/storageSnapshot';
import { MELDINGEN_ID, cardInvoke, personalConversation, personalMessage } from '../support/teams';

/**
 * Azurite (keeping its data in a temp directory) stops in the middle of a run, with turns in flight, and starts
 * again on the same port. Meanwhile users are told in Dutch to try again shortly and /readyz says 503; afterwards
 * nothing recorded before is lost, no document is half-written, a flow goes on where it was, and the escalation
 * recorded before the outage is delivered, once.
 */

const MINUTE = 60_000;

const isChannelCreate = (c: ConnectorCall) =>
  c.method === 'POST' &&
  c.path === '/v3/conversations' &&
  (c.body.channelData as { channel?: { id?: string } } | undefined)?.channel?.id === MELDINGEN_ID;

describe('Azurite stops mid-run and starts again', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'baken-outage-'));
  const clock = new FakeClock('2026-11-02T09:00:00Z');
  const log = new EventLog();
  let port = 0;
  let azurite: EmbeddedAzurite;
  let t: EscalationBaken;

  beforeAll(async () => {
    port = await portOutsideEphemeralRange();
    azurite = await startAzurite({ location: path.join(dir, 'azurite'), port });
    t = await startEscalationBaken(azurite, { clock, overrides: { logger: log } });
  }, 30_000);
  afterAll(async () => {
    await t?.stop();
    await azurite?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const readyz = async () => (await fetch(`${t.url}/readyz`)).status;
  const healthz = async () => (await fetch(`${t.url}/healthz`)).status;
  /** Presses a button on a card as Teams does (Action.Execute); returns the status and the answer. */
  const press = async (who: typeof PEOPLE.bram, data: Record<string, unknown>) => {
    const answer = await t.send(cardInvoke(t.connector.url, who, data));
    return { status: answer.status, body: answer.body, card: invokeCardOf(answer.body) };
  };

  it('tells users to try again, says not ready, loses nothing and delivers afterwards', async () => {
    // Before: an escalation channel, a flow in progress, and an escalation Teams has not taken yet (503).
    expect((await setEscalationChannel(t)).status).toBe(200);
    let card = (await press(PEOPLE.bram, { action: 'flow.start', value: 'grooming' })).card;
    while (!cardText(card).includes('Vraag 1 van 9'))
      card = (await press(PEOPLE.bram, buttonOf(card, 'Verder'))).card;
    card = (await press(PEOPLE.bram, buttonOf(card, 'Nee'))).card;
    expect(cardText(card)).toContain('Vraag 2 van 9');
    const question2 = card;
    t.connector.script(isChannelCreate, { status: 503 });
    expect((await sendTestEscalation(t)).status).toBe(200);
    await t.app.tick();
    const escalations = await t.app.storage.escalations.list();
    expect(escalations).toHaveLength(1);
    const escalationId = decodeURIComponent(escalations[0]?.replace(/\.json$/, '') ?? '');
    expect(channelThreads(t.connector.calls)).toHaveLength(1); // the refused attempt
    const before = await snapshotStorage(t.app.storage, azurite.connectionString);
    expect(await readyz()).toBe(200);

    // Azurite stops while turns are in flight: each gets an answer (its own, or "try again"), never a 5xx.
    const busy = [PEOPLE.anna, PEOPLE.piet, PEOPLE.gast, PEOPLE.admin].flatMap((who) => [
      t.send(personalMessage(t.connector.url, who, 'menu')),
      t.send(cardInvoke(t.connector.url, who, { action: 'flow.start', value: 'verliefd' })),
    ]);
    await new Promise((r) => setTimeout(r, 20));
    await azurite.stop();
    for (const [i, answer] of (await Promise.all(busy)).entries()) {
      expect(answer.status).toBe(200);
      // A button gets its card, or "try again" in its invoke response.
      if (i % 2 === 1)
        expect(invokeCardOf(answer.body) ?? answer.body).toEqual(
          invokeCardOf(answer.body)
            ? expect.objectContaining({ type: 'AdaptiveCard' })
            : expect.objectContaining({ value: BOT_TEXTS.storageDown }),
        );
    }

    // During the outage.
    expect(await readyz()).toBe(503);
    expect(await healthz()).toBe(200);
    const callsBefore = t.connector.calls.length;
    const typed = await t.send(personalMessage(t.connector.url, PEOPLE.bram, 'menu'));
    expect(typed.status).toBe(200);
    const replies = t.connector.calls
      .slice(callsBefore)
      .filter((c) => c.path.includes(encodeURIComponent(personalConversation(PEOPLE.bram).id)));
    expect(replies.map((c) => c.body.text)).toEqual([BOT_TEXTS.storageDown]);
    const pressed = await press(PEOPLE.bram, buttonOf(question2, 'Ja'));
    expect(pressed.status).toBe(200);
    expect(pressed.body).toMatchObject({ statusCode: 200, value: BOT_TEXTS.storageDown });
    // A manager command needs the team list from storage: it too says "try again", not that Teams has no roster.
    const managersBefore = t.connector.calls.length;
    expect((await t.send(personalMessage(t.connector.url, PEOPLE.anna, 'managers'))).status).toBe(200);
    const managerReplies = t.connector.calls
      .slice(managersBefore)
      .filter((c) => c.path.includes(encodeURIComponent(personalConversation(PEOPLE.anna).id)));
    expect(managerReplies.map((c) => c.body.text)).toEqual([BOT_TEXTS.storageDown]);
    const test = await sendTestEscalation(t);
    expect(test.status).toBe(200);
    // (Here the team look-up fails first, which answers with its own "Dat lukte nu niet. Probeer het zo opnieuw.")
    expect(JSON.stringify(t.connector.calls.at(-1)?.body)).toMatch(/Probeer het zo opnieuw/);
    // Background work keeps failing quietly: nothing is sent, nothing given up.
    clock.advance(MINUTE);
    await t.app.tick();
    expect(channelThreads(t.connector.calls)).toHaveLength(1);
    expect(log.named(['outbox_failed', 'turn_error_reply_failed'])).toEqual([]);
    expect(log.named(['turn_failed']).length).toBeGreaterThan(0);

    // Azurite is back, on the same port and directory.
    azurite = await startAzurite({ location: path.join(dir, 'azurite'), port });
    // Azurite reloads its data from disk first, which can take a while on a busy machine.
    const deadline = Date.now() + 20_000;
    while ((await readyz()) !== 200 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(await readyz()).toBe(200);

    // Nothing recorded before the outage is lost or half-written. Right after /readyz answers, Azurite may still be
    // loading its data: the snapshot (every blob of every container) is retried until the deadline (this test once
    // failed in CI with a bare RestError after the restart).
    let after = await snapshotStorage(t.app.storage, azurite.connectionString).catch(() => undefined);
    while (!after && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      after = await snapshotStorage(t.app.storage, azurite.connectionString).catch(() => undefined);
    }
    if (!after) after = await snapshotStorage(t.app.storage, azurite.connectionString);
    expect(unparsableDocuments(after)).toEqual([]);
    expectNothingLost(before, after);
    // Bram's flow state is exactly as it was (his turns during the outage changed nothing).
    const bramState = `${encodeURIComponent(`msteams/conversations/${personalConversation(PEOPLE.bram).id}/`)}.json`;
    expect(after.state[bramState]).toBe(before.state[bramState]);

    // The flow goes on where it was: the same press now works.
    card = (await press(PEOPLE.bram, buttonOf(question2, 'Ja'))).card;
    expect(cardText(card)).toContain('Vraag 3 van 9');
    for (let step = 0; step < 20 && !cardText(card).includes('Zet samenvatting onderaan'); step++) {
      const actions = executeActions(card);
      const next =
        actions.find((a) => a.verb === 'flow.answer') ?? actions.find((a) => a.verb === 'flow.next');
      card = (await press(PEOPLE.bram, next?.data ?? {})).card;
    }
    expect(cardText(card)).toContain('Zet samenvatting onderaan');

    // The escalation recorded before the outage is delivered now, once.
    clock.advance(MINUTE);
    await t.app.tick();
    await t.app.tick();
    const notices = channelThreads(t.connector.calls).filter(
      (c) => escalationIdOf(cardOf(c)) === escalationId,
    );
    expect(notices).toHaveLength(2); // the refused attempt before the outage, and the one Teams took
    const record = await t.app.storage.escalations.read(
      `${encodeURIComponent(escalationId)}.json`,
      escalationRecordSchema,
    );
    expect(record?.value.delivery.status).toBe('in_channel');
    const notice = await t.app.storage.outbox.read(
      `${encodeURIComponent(`${escalationId}:notice`)}.json`,
      outboxEntrySchema,
    );
    expect(notice?.value).toMatchObject({ status: 'sent', attempts: 2 });
    // No other escalation was made: the test escalation during the outage was refused, not half-made.
    expect(await t.app.storage.escalations.list()).toHaveLength(1);
    const final = await snapshotStorage(t.app.storage, azurite.connectionString);
    expect(unparsableDocuments(final)).toEqual([]);
    for (const content of Object.values(final.teams)) teamRecordSchema.parse(JSON.parse(content));
    for (const content of Object.values(final.escalations)) escalationRecordSchema.parse(JSON.parse(content));
    for (const content of Object.values(final.outbox)) outboxEntrySchema.parse(JSON.parse(content));
    expect(log.named(['outbox_failed'])).toEqual([]);
  }, 60_000);
});

/**
 * Every blob from before is still there. Records and the team are unchanged or moved on (never older), the audit
 * log only grew, and the outbox entries kept their identity.
 */
function expectNothingLost(before: StorageSnapshot, after: StorageSnapshot): void {
  for (const [kind, blobs] of Object.entries(before) as Array<
    [keyof StorageSnapshot, Record<string, string>]
  >) {
    for (const [name, content] of Object.entries(blobs)) {
      const now = after[kind][name];
      expect([kind, name, now !== undefined]).toEqual([kind, name, true]);
      if (kind === 'audit') expect(now?.startsWith(content)).toBe(true);
      if (kind === 'escalations') {
        const was = escalationRecordSchema.parse(JSON.parse(content));
        const is = escalationRecordSchema.parse(JSON.parse(now ?? ''));
        expect(is.revision).toBeGreaterThanOrEqual(was.revision);
        expect(is.timeline.slice(0, was.timeline.length)).toEqual(was.timeline);
      }
      if (kind === 'teams' || kind === 'records') expect(now).toBe(content);
    }
  }
}
