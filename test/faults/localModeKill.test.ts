import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { outboxEntrySchema } from '../../src/delivery/outboxEntry';
import { escalationRecordSchema } from '../../src/escalation/escalationRecord';
import { azuriteConnectionString, freePort, startAzurite } from '../../src/storage/embeddedAzurite';
import { openStorage } from '../../src/storage/storage';
import { teamRecordSchema } from '../../src/teams/teamRecord';
import { bakenEnv, embeddedAzuritePort, startBakenProcess, type BakenProcess } from '../support/bakenProcess';
import { LoopbackConnector, type ConnectorCall } from '../support/connector';
import { PEOPLE, cardOf, channelThreads, escalationIdOf, teamRoster } from '../support/escalationSetup';
import { postActivity } from '../support/harness';
import { MELDINGEN_ID, TEAM_ID, channelMention, personalMessage, teamInstall } from '../support/teams';

/**
 * Local mode: Baken runs as `npm start` runs it, with its embedded Azurite keeping data in DATA_DIR. Right after a
 * turn that escalated answered 200, Baken's whole process group is killed with SIGKILL and Baken is started again
 * on the same folder. Azurite keeps its blob index in memory and saved it only every 5 s, so this lost everything
 * written in the last seconds; now nothing that was acknowledged may be lost: the team with its escalation channel,
 * the escalation, its outbox entry (the notice then goes out exactly once) and the audit lines.
 */

describe('local mode: Baken is killed right after an escalation was answered', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'baken-localkill-'));
  const connector = new LoopbackConnector();
  const processes: BakenProcess[] = [];

  beforeAll(async () => {
    await connector.start();
    connector.rosters.set(TEAM_ID, teamRoster());
  });
  afterAll(async () => {
    for (const p of processes) await p.stop();
    await connector.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const start = async (): Promise<BakenProcess> => {
    const port = await freePort();
    const baken = await startBakenProcess(
      bakenEnv({
        DATA_DIR: dataDir,
        PORT: String(port),
        // Anna is admin: she may set the channel and send a test escalation without managers being appointed.
        ADMIN_IDS: PEOPLE.anna.aadObjectId,
        // The restarted process is the same instance: it takes up its own send that was claimed at once.
        INSTANCE_ID: 'baken-localkill-test',
      }),
      port,
    );
    processes.push(baken);
    return baken;
  };

  it('keeps the team, the escalation, its notice and the audit lines; the notice arrives once', async () => {
    const first = await start();
    // Teams is busy for the first notice: nothing reaches the channel before the kill, so a notice after the
    // restart can only come from the outbox entry the first process stored.
    let refused: ConnectorCall | undefined;
    const firstNotice = (c: ConnectorCall) => {
      if (channelThreads([c]).length === 0) return false;
      refused = c;
      return true;
    };
    connector.script(firstNotice, { status: 503 });
    expect((await postActivity(first.url, teamInstall(connector.url, PEOPLE.anna))).status).toBe(200);
    const setChannel = channelMention(connector.url, PEOPLE.anna, 'meldkanaal', MELDINGEN_ID);
    expect((await postActivity(first.url, setChannel)).status).toBe(200);
    const escalated = personalMessage(connector.url, PEOPLE.anna, 'testmelding');
    expect((await postActivity(first.url, escalated)).status).toBe(200);
    await first.kill();
    expect(await first.exited).toMatchObject({ signal: 'SIGKILL' });

    // Started again on the same data folder.
    const second = await start();
    const storage = openStorage({
      connectionString: azuriteConnectionString(embeddedAzuritePort(second.stdout())),
      prefix: 'baken',
    });
    const names = await storage.escalations.list();
    expect(names).toHaveLength(1);
    const record = (await storage.escalations.read(names[0] ?? '', escalationRecordSchema))?.value;
    expect(record).toMatchObject({ kind: 'test', teamId: TEAM_ID });
    const id = record?.id ?? '';

    // The stored notice entry is delivered: once it is marked sent, nothing can send it again.
    const noticeEntry = `${encodeURIComponent(`${id}:notice`)}.json`;
    const deadline = Date.now() + 20_000;
    let status: string | undefined;
    while (status !== 'sent' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      status = (await storage.outbox.read(noticeEntry, outboxEntrySchema))?.value.status;
    }
    expect(status).toBe('sent');
    const taken = channelThreads(connector.calls).filter((c) => c !== refused);
    expect(taken.map((c) => escalationIdOf(cardOf(c)))).toEqual([id]);

    const team = await storage.teams.read(`${encodeURIComponent(TEAM_ID)}.json`, teamRecordSchema);
    expect(team?.value.escalationChannel?.channelId).toBe(MELDINGEN_ID);
    const audit = await storage.audit.readAll();
    expect(audit).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: 'team.set_escalation_channel', objectId: TEAM_ID }),
        expect.objectContaining({ action: 'escalation.create', objectId: id }),
      ]),
    );
  }, 60_000);
});

describe('a second Azurite on a data folder whose Azurite is still closing', () => {
  it('starts only once the earlier one has exited, so it reads the index that one saved', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'baken-twoazurites-'));
    // Started first by a Baken that has just died: it still runs, saving its index.
    const earlier = await startAzurite({ location: dir });
    let laterStarted = false;
    const later = startAzurite({ location: dir }).then((a) => {
      laterStarted = true;
      return a;
    });
    try {
      await new Promise((r) => setTimeout(r, 1000));
      expect(laterStarted).toBe(false);
      await earlier.stop();
      await later;
      expect(laterStarted).toBe(true);
    } finally {
      await earlier.stop();
      await (await later).stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
