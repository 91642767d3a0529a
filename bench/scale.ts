import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AftercareStore } from '../src/aftercare/aftercareStore';
import type { IncidentRecord } from '../src/incidents/incidentRecord';
import { IncidentStore } from '../src/incidents/incidentStore';
import { startAzurite } from '../src/storage/embeddedAzurite';
import type { DocumentStore } from '../src/storage/documentStore';
import { MemoryAccount } from '../src/storage/memoryBlobs';
import { StorageMetrics } from '../src/storage/metrics';
import { TeamStore } from '../src/teams/teamStore';
import { parseConfig } from '../src/config';
import { escalationDocName, type EscalationRecord } from '../src/escalation/escalationRecord';
import { escalationDocumentMetadata } from '../src/escalation/escalationWake';
import { systemClock } from '../src/clock';
import { Outbox, outboxDocName } from '../src/delivery/outbox';
import { escalationKeys } from '../src/delivery/outboxKeys';
import { escalationThread } from '../src/delivery/threads';
import { PEOPLE, teamRoster } from '../test/support/escalationSetup';
import {
  isMemory,
  openTestStorage,
  startTestBaken,
  type TestBaken,
  type TestStorage,
} from '../test/support/harness';
import { PersonalDriver } from '../test/support/incidentDriver';
import { TEAM_ID, teamInstall, type TestUser } from '../test/support/teams';
import { cpuUsOf } from './cpu';
import type { EscalationResult } from './escalation';
import { measureEscalationAlone } from './escalationAlone';
import { quantile } from './stats';

/** The follow-up settings Baken runs with here (its defaults): the escalations' wake metadata is computed with them. */
const DEFAULTS = parseConfig({ AZURE_STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true' });
const FOLLOW_UP = { decisionDays: DEFAULTS.escalation.meldcodeDecisionDays, timeZone: DEFAULTS.timeZone };

/**
 * Records stored at each measurement (incidents, each with its escalation, every second one with a checklist, every
 * fourth one with a client escalation whose Meldcode walk waits), over SEED_TEAMS other teams.
 * One storage serves every size: each adds the records the previous one lacked.
 */
const SIZES = (process.env.BENCH_SCALE_SIZES ?? '0,1000,10000')
  .split(',')
  .map(Number)
  .sort((a, b) => a - b);
/** Which storages to measure (BENCH_SCALE_STORAGES=memory,Azurite; both by default). */
const STORAGES = (process.env.BENCH_SCALE_STORAGES ?? 'memory,Azurite').split(',');
/** Set to a folder to run Azurite on disk instead of in memory (to compare the two). */
const AZURITE_DIR = process.env.BENCH_SCALE_AZURITE_DIR;
const SEED_TEAMS = 50;
/** Each command asked this often (median), after one call that warms the conversation. */
const REPEATS = 5;
/** Seeding writes this many records at once. */
const SEED_CONCURRENCY = 32;
/** Presses per member of staff in the escalation measurement at the end (16 staff). */
const ESCALATION_ROUNDS = 4;
const ESCALATION_P95_TARGET_MS = 300;
const REPORT = path.join(__dirname, '..', 'docs', 'performance.md');
const START = '<!-- bench:scale start -->';
const END = '<!-- bench:scale end -->';

/** The interactive commands measured: who asks what. */
const COMMANDS: Array<{ label: string; who: TestUser; text: string }> = [
  { label: '"meldingen" (staff, own list)', who: PEOPLE.bram, text: 'meldingen' },
  { label: '"meldingen" (manager, with team list)', who: PEOPLE.anna, text: 'meldingen' },
  { label: '"nazorg" (manager overview)', who: PEOPLE.anna, text: 'nazorg' },
  { label: '"menu"', who: PEOPLE.bram, text: 'menu' },
];

/** The storages measured: Baken's embedded storage (Azurite in memory) and Baken's in-memory store. */
type StorageKind = 'Azurite' | 'memory';

interface Row {
  storage: StorageKind;
  records: number;
  command: string;
  medianMs: number;
  firstMs: number;
  reads: number;
  /** Storage requests of every kind (reads, writes, deletes, list pages, property look-ups). */
  requests: number;
  shown: number;
}

const kindOf = (backend: TestStorage): StorageKind => (isMemory(backend) ? 'memory' : 'Azurite');
type MetricsSnapshot = ReturnType<TestBaken['app']['storage']['metrics']['snapshot']>;
const requestsOf = (m: MetricsSnapshot) => m.reads + m.writes + m.deletes + m.lists + m.heads;
const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;
const round = (x: number) => Math.round(x * 10) / 10;
const median = (xs: number[]) =>
  quantile(
    [...xs].sort((a, b) => a - b),
    0.5,
  );

/** How long a started Baken must make no storage request to count as done with its start-up work. */
const QUIET_MS = 300;

/**
 * Waits until a freshly started Baken has finished its start-up work (the drain that looks for messages left
 * waiting): no storage request for QUIET_MS. Returns how long that took.
 */
async function startupWork(t: TestBaken): Promise<number> {
  const started = process.hrtime.bigint();
  let seen = -1;
  let quietSince = Date.now();
  for (;;) {
    const now = requestsOf(t.app.storage.metrics.snapshot());
    if (now !== seen) {
      seen = now;
      quietSince = Date.now();
    } else if (Date.now() - quietSince >= QUIET_MS) {
      return ms(started) - QUIET_MS;
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Starts Baken on the prefix, installed in the measured team with Anna as its manager. */
async function start(backend: TestStorage, prefix: string, install: boolean): Promise<TestBaken> {
  const t = await startTestBaken(backend, { STORAGE_PREFIX: prefix }, { backgroundTimer: false });
  t.connector.rosters.set(TEAM_ID, teamRoster());
  if (install) {
    await t.send(teamInstall(t.connector.url, PEOPLE.anna));
    await new TeamStore(t.app.storage.teams, systemClock).addManager(
      TEAM_ID,
      { aadObjectId: PEOPLE.anna.aadObjectId, name: PEOPLE.anna.name },
      PEOPLE.admin,
    );
  }
  return t;
}

/** An escalation of a seeded incident, as the escalation service stores one (codes, ids and times; no names). */
function escalationOf(
  id: string,
  incident: IncidentRecord,
  status: 'acknowledged' | 'resolved',
  kind: EscalationRecord['kind'],
): EscalationRecord {
  const at = incident.createdAt;
  const manager = { aadObjectId: 'aad-seed-manager', name: 'Leiding', at };
  return {
    id,
    kind,
    urgency: 'normaal',
    teamId: incident.teamId,
    recordId: kind === 'grooming' ? undefined : incident.id,
    reporter: { ...incident.reporter, userId: incident.reporter.userId ?? 'u-seed' },
    origin: { serviceUrl: 'http://127.0.0.1/' },
    createdAt: at,
    status,
    acknowledgedBy: manager,
    resolvedBy: status === 'resolved' ? manager : undefined,
    route: 'channel',
    channelId: '19:bench-channel@thread.tacv2',
    delivery: { status: 'in_channel', at },
    reminders: { count: 0 },
    timeline: [{ at, actorId: incident.reporter.aadObjectId, action: 'created' }],
    revision: 1,
  };
}

/**
 * The escalation's channel notice, recorded in the outbox and then marked sent, as delivery leaves it after its next
 * drain (which deletes the marker of a finished entry).
 */
async function sentNotice(outbox: Outbox, sending: DocumentStore, record: EscalationRecord): Promise<void> {
  const key = escalationKeys.notice(record.id);
  await outbox.enqueue([
    {
      key,
      thread: escalationThread(record.id),
      escalationId: record.id,
      target: {
        kind: 'channelThread',
        address: { serviceUrl: 'http://127.0.0.1/' },
        teamId: record.teamId ?? TEAM_ID,
        channelId: record.channelId ?? '19:bench-channel@thread.tacv2',
      },
      render: { card: 'notice', escalationId: record.id },
    },
  ]);
  const recorded = await outbox.get(key);
  if (!recorded) throw new Error('seeding: the notice entry was not recorded');
  const result = { conversationId: `${record.channelId};messageid=${record.id}`, activityId: record.id };
  const sent = { ...recorded.value, status: 'sent' as const, attempts: 1, result, doneAt: record.createdAt };
  await outbox.replace(sent, recorded.etag);
  await sending.delete(outboxDocName(key));
}

/**
 * Adds records `from` … `to` - 1 through Baken's own stores (so indexes are written as in real use), a bounded
 * number at once. Every id is new, so each record is created without reading first.
 */
async function seed(
  backend: TestStorage,
  prefix: string,
  from: number,
  to: number,
  own: IncidentRecord,
): Promise<Seeding> {
  const storage = openTestStorage(backend, prefix);
  const pid = isMemory(backend) ? undefined : backend.pid;
  const azuriteCpu = pid === undefined ? 0 : cpuUsOf(pid);
  const incidents = new IncidentStore(storage.records);
  const checklists = new AftercareStore(storage.records);
  const outbox = new Outbox(storage.outbox, systemClock, storage.sending);
  const started = process.hrtime.bigint();
  const now = new Date().toISOString();
  const one = async (i: number) => {
    const id = randomUUID();
    const escId = `esc-${randomUUID().replace(/-/g, '')}`;
    const teamId = `19:bench-team-${i % SEED_TEAMS}@thread.tacv2`;
    const reporter = { aadObjectId: `aad-seed-${i % 3000}`, name: 'Collega', userId: `u-seed-${i % 3000}` };
    // A year of incidents: most closed (within retention), a few still open and shared with their managers.
    const closed = i % 20 !== 0;
    const incident: IncidentRecord = {
      ...own,
      id,
      reporter,
      teamId,
      status: closed ? 'closed' : 'open',
      sharedWithManagers: true,
      closedAt: closed ? now : undefined,
      escalations: [{ id: escId, at: now, reason: 'consent' }],
      timeline: [{ at: now, actorId: reporter.aadObjectId, action: 'created' }],
      createdAt: now,
      updatedAt: now,
    };
    await incidents.index.create(id, incident);
    // Its escalation, picked up while the incident is open and resolved once it closed, written as the escalation
    // service writes it (with its metadata); every fourth record also a client escalation whose walk waits.
    const escalations = [
      escalationOf(
        escId,
        incident,
        closed ? 'resolved' : 'acknowledged',
        'grensoverschrijdend_gedrag_medewerker',
      ),
    ];
    if (i % 4 === 0)
      escalations.push(
        escalationOf(`esc-${randomUUID().replace(/-/g, '')}`, incident, 'acknowledged', 'grooming'),
      );
    for (const record of escalations) {
      await storage.escalations.create(
        escalationDocName(record.id),
        record,
        escalationDocumentMetadata(record, FOLLOW_UP),
      );
      await sentNotice(outbox, storage.sending, record);
    }
    if (i % 2 === 1) return;
    await checklists.index.create(id, {
      id,
      schemaVersion: 1,
      teamId,
      address: { serviceUrl: 'http://127.0.0.1/' },
      staff: reporter,
      contact: { aadObjectId: `aad-seed-manager-${i % SEED_TEAMS}`, name: 'Leiding', userId: 'u-leiding' },
      incidentAt: now,
      startedAt: now,
      status: closed ? 'closed' : 'open',
      staffResponse: 'informed',
      items: {},
      views: [],
      pendingReminders: [],
      timeline: [{ at: now, actorId: 'system', action: 'started' }],
      revision: 0,
    });
  };
  let next = from;
  await Promise.all(
    Array.from({ length: SEED_CONCURRENCY }, async () => {
      while (next < to) await one(next++);
    }),
  );
  const took = ms(started);
  const m = storage.metrics;
  return {
    ms: took,
    requestsPerRecord: to > from ? (m.reads + m.writes + m.deletes + m.lists + m.heads) / (to - from) : 0,
    azuriteBusy: pid === undefined ? undefined : (cpuUsOf(pid) - azuriteCpu) / 1000 / took,
  };
}

/** Asks once; returns the time, the blob reads and how many records the answer shows. */
async function ask(t: TestBaken, who: TestUser, text: string) {
  const before = t.app.storage.metrics.snapshot();
  const started = process.hrtime.bigint();
  const posted = JSON.stringify(await new PersonalDriver(t, who).message(text));
  const took = ms(started);
  const refs = new Set(posted.match(/"ref":"[0-9a-f-]{36}"/g) ?? []);
  const after = t.app.storage.metrics.snapshot();
  return {
    ms: took,
    reads: after.reads - before.reads,
    requests: requestsOf(after) - requestsOf(before),
    shown: refs.size,
  };
}

/** A fresh storage with the measured team installed and Bram's own incident, shared with Anna's team. */
async function prepare(backend: TestStorage) {
  const prefix = `scale${randomUUID().slice(0, 6)}`;
  const t = await start(backend, prefix, true);
  const at = new Date().toISOString();
  const bram = { aadObjectId: PEOPLE.bram.aadObjectId, name: PEOPLE.bram.name, userId: PEOPLE.bram.id };
  const own: IncidentRecord = {
    id: randomUUID(),
    schemaVersion: 1,
    flowVersion: 1,
    reporter: bram,
    teamId: TEAM_ID,
    status: 'open',
    sharedWithManagers: true,
    steps: {},
    evidence: [],
    escalations: [],
    timeline: [{ at, actorId: bram.aadObjectId, action: 'created' }],
    createdAt: at,
    updatedAt: at,
    revision: 0,
  };
  await new IncidentStore(t.app.storage.records).index.create(own.id, own);
  return { prefix, own, t };
}

/** What adding records cost: time, storage requests per record, and Azurite's CPU time over that time. */
interface Seeding {
  ms: number;
  requestsPerRecord: number;
  /** Undefined on memory storage. */
  azuriteBusy: number | undefined;
}

interface TickCost {
  ms: number;
  reads: number;
  /** Storage requests of every kind (reads, writes, deletes, list pages, property look-ups). */
  requests: number;
  /** Names the listings returned. */
  listed: number;
}

interface Result {
  storage: StorageKind;
  size: number;
  rows: Row[];
  /** How long the start-up work took (the drain looking for messages left waiting). */
  startup: number;
  sweep: TickCost;
  tick: TickCost;
  seed: Seeding;
}

/** One scheduler tick: its time, reads, requests and listed names (with `sinceStart`, the storage work counted since the process started). */
async function timedTick(t: TestBaken, sinceStart = false): Promise<TickCost> {
  const before = sinceStart ? new StorageMetrics().snapshot() : t.app.storage.metrics.snapshot();
  const started = process.hrtime.bigint();
  await t.app.tick();
  const took = ms(started);
  const after = t.app.storage.metrics.snapshot();
  return {
    ms: took,
    reads: after.reads - before.reads,
    requests: requestsOf(after) - requestsOf(before),
    listed: after.listed - before.listed,
  };
}

/** Measures every command on a running Baken; returns the results and the Baken left running after restarts. */
async function measure(
  backend: TestStorage,
  prefix: string,
  running: TestBaken,
  size: number,
  seed: Seeding,
): Promise<{ result: Result; t: TestBaken }> {
  let t = running;
  const rows: Row[] = [];
  for (const command of COMMANDS) {
    await ask(t, command.who, command.text);
    const runs = [];
    for (let i = 0; i < REPEATS; i++) runs.push(await ask(t, command.who, command.text));
    rows.push({
      storage: kindOf(backend),
      records: size,
      command: command.label,
      medianMs: median(runs.map((r) => r.ms)),
      firstMs: 0,
      reads: median(runs.map((r) => r.reads)),
      requests: median(runs.map((r) => r.requests)),
      shown: median(runs.map((r) => r.shown)),
    });
  }
  // First call after a restart: a new process state, nothing cached, asked at once (its start-up work, measured
  // below, may still run).
  for (const row of rows) {
    await t.stop();
    t = await start(backend, prefix, false);
    const command = COMMANDS.find((c) => c.label === row.command);
    if (command) row.firstMs = (await ask(t, command.who, command.text)).ms;
  }
  // The start-up work, and the first tick after a start, which also sweeps the whole index; their storage work is
  // counted from the start. Then a tick with nothing due, as the timer runs.
  await t.stop();
  t = await start(backend, prefix, false);
  const startup = await startupWork(t);
  const sweep = await timedTick(t, true);
  const tick = await timedTick(t);
  return { result: { storage: kindOf(backend), size, rows, startup, sweep, tick, seed }, t };
}

function table(results: Result[]): string {
  // Targets compare each command with itself at the smallest size on the same storage.
  const base = new Map<string, Row>();
  for (const r of results.flatMap((result) => result.rows))
    if (!base.has(`${r.storage} ${r.command}`)) base.set(`${r.storage} ${r.command}`, r);
  const lines = [
    '| storage | records | command | median ms | first call after restart ms | storage requests | blob reads | records shown | median target | first-call target | reads target |',
    '| ------- | ------- | ------- | --------- | --------------------------- | ---------------- | ---------- | ------------- | ------------- | ----------------- | ------------ |',
  ];
  for (const result of results) {
    for (const r of result.rows) {
      const zero = base.get(`${r.storage} ${r.command}`) ?? r;
      const medianTarget = 1.5 * zero.medianMs + 30;
      const firstTarget = 2 * zero.firstMs + 150;
      const ok = (good: boolean) => (good ? 'met' : 'missed');
      lines.push(
        `| ${r.storage} | ${r.records} | ${r.command} | ${round(r.medianMs)} | ${round(r.firstMs)} | ${r.requests} | ${r.reads} | ${r.shown} | ≤ ${round(medianTarget)}: ${ok(r.medianMs <= medianTarget)} | ≤ ${round(firstTarget)}: ${ok(r.firstMs <= firstTarget)} | ≤ ${r.shown + 3}: ${ok(r.reads <= r.shown + 3)} |`,
      );
    }
  }
  lines.push(
    '',
    '| storage | records | seconds to add them | requests per record added | Azurite CPU while adding | start-up work: ms | first tick after a start (full index sweep): ms | blob reads since the start | tick, nothing due: ms | its storage requests | names listed | blob reads |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  );
  for (const { storage, size, seed, startup, sweep, tick } of results) {
    const busy = seed.azuriteBusy === undefined ? '–' : `${Math.round(seed.azuriteBusy * 100)} %`;
    lines.push(
      `| ${storage} | ${size} | ${round(seed.ms / 1000)} | ${round(seed.requestsPerRecord)} | ${busy} | ${round(startup)} | ${round(sweep.ms)} | ${sweep.reads} | ${round(tick.ms)} | ${tick.requests} | ${tick.listed} | ${tick.reads} |`,
    );
  }
  return lines.join('\n');
}

/** The escalation notice's latency at 16 concurrent, measured at the end of the same run. */
function escalationLine(e: EscalationResult | undefined): string {
  if (!e) return 'Escalation notice at 16 concurrent: measured at the end of the run (not reached yet).';
  if (e.status !== 'measured')
    return `Escalation notice at 16 concurrent: not measured (${e.status}: ${e.detail}).`;
  const verdict = e.p95 < ESCALATION_P95_TARGET_MS ? 'met' : 'missed';
  return [
    `**Escalation notice at ${e.concurrency} concurrent** (same run, after the sizes, on a fresh embedded Azurite; ${e.concurrency}`,
    `staff over ${e.teams} teams, ${e.rounds} presses each, n=${e.samples}; press of "Meld bij het team" → the notice at the`,
    `connector): p50 ${round(e.p50)} ms, **p95 ${round(e.p95)} ms** (target < ${ESCALATION_P95_TARGET_MS} ms: ${verdict}), max ${round(e.max)} ms,`,
    `${e.failures} not within 10 s; the press's own answer p50 ${round(e.submitP50)} / p95 ${round(e.submitP95)} ms.`,
  ].join('\n');
}

/** Writes the table into docs/performance.md between its markers (after each size, so a cut-off run keeps it). */
function report(results: Result[], escalation?: EscalationResult): void {
  const cpus = os.cpus();
  const section = [
    START,
    '## Scale: 0, 1,000 and 10,000 records (`npm run bench:scale`)',
    '',
    `Machine: ${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.version}, shared with other work.`,
    `Two storages, each measured at every size: the embedded storage of \`npm run dev\` (Azurite ${AZURITE_DIR ? 'on disk' : 'in memory'}, with`,
    "Baken's preload that lets it find a blob by name, a listing by prefix and a container through its index instead of",
    "comparing every blob of the account: src/storage/azuriteIndexes.cjs) and Baken's in-memory store (the same",
    'storage code above the blob calls: what Baken itself costs). One storage per kind for every size (each size adds the records the',
    `previous one lacked). Records created through Baken's own stores (indexes written as in real use), ${SEED_CONCURRENCY} at`,
    `once, over ${SEED_TEAMS} other teams: one incident per record (1 in 20 open and shared, the rest closed within retention)`,
    'with its escalation (picked up while open, resolved once closed), a client escalation whose Meldcode walk waits for',
    "every fourth one, each escalation's channel notice in the outbox (sent), and a checklist for every second one.",
    `Each command asked ${REPEATS} times after a warm-up (median); "first call" is the`,
    'first answer of a freshly started Baken on the same storage, asked at once ("start-up work": until a fresh Baken',
    `makes no storage request for ${QUIET_MS} ms, with the background timer off as in the whole run; its drain lists the`,
    'markers of the messages that wait, not the outbox). Targets from issue 15, against the same command at the',
    'smallest size: median ≤ 1.5× + 30 ms, first call ≤ 2× + 150 ms, blob reads ≤ records shown + 3, and a scheduler tick',
    'with nothing due reads 0 documents, also the first one after a start (nothing cached; its reads and requests are',
    "counted from the process's start, which already drains). That first tick also sweeps the whole index against the",
    "records' metadata and the outbox for waiting entries without a marker (then once a day); the tick measured after it",
    'lists the pending index notes, the checklists, the escalations (their metadata says which have work) and the',
    'markers of waiting messages. "Azurite CPU" is its CPU time over the seconds',
    'to add. "Storage requests" counts every kind (reads, writes, list pages, property look-ups, audit appends).',
    '',
    table(results),
    '',
    escalationLine(escalation),
    END,
  ].join('\n');
  const current = readFileSync(REPORT, 'utf8');
  const at = current.indexOf(START);
  const next =
    at >= 0
      ? `${current.slice(0, at)}${section}${current.slice(current.indexOf(END) + END.length)}`
      : `${current.trimEnd()}\n\n${section}\n`;
  writeFileSync(REPORT, next);
}

/** Seeds and measures every size on one storage, adding to `results` (and the report) as it goes. */
async function measureSizes(backend: TestStorage, results: Result[]): Promise<void> {
  const { prefix, own, t: first } = await prepare(backend);
  let t = first;
  let stored = 0;
  try {
    for (const size of SIZES) {
      const seeding = await seed(backend, prefix, stored, size, own);
      stored = Math.max(stored, size);
      console.log(`${kindOf(backend)}: added up to ${size} records in ${round(seeding.ms / 1000)} s`);
      const measured = await measure(backend, prefix, t, size, seeding);
      t = measured.t;
      results.push(measured.result);
      report(results);
      console.log(table(results));
    }
  } finally {
    await t.stop();
  }
}

async function main(): Promise<void> {
  const results: Result[] = [];
  // Baken's in-memory store first (a few minutes): what Baken itself costs when a storage request costs the same
  // at any size, as Azure's do. Then the embedded storage, whose emulator scans every blob on each request.
  if (STORAGES.includes('memory'))
    await measureSizes({ kind: 'memory', account: new MemoryAccount() }, results);
  if (STORAGES.includes('Azurite')) {
    const azurite = await startAzurite({ location: AZURITE_DIR });
    try {
      await measureSizes(azurite, results);
    } finally {
      await azurite.stop();
    }
  }
  // The escalation notice's p95, in the same run, on storage of its own (the scale storage's blob count would slow
  // the emulator's look-ups, which Azure does not do).
  const { result } = await measureEscalationAlone(ESCALATION_ROUNDS);
  console.log(escalationLine(result));
  report(results, result);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
