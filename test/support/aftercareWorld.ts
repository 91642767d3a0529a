import { AftercareReminders } from '../../src/aftercare/aftercareReminders';
import { AftercareService, type AftercareActor } from '../../src/aftercare/aftercareService';
import { AftercareStore } from '../../src/aftercare/aftercareStore';
import { FakeClock } from '../../src/clock';
import { parseConfig, type Config } from '../../src/config';
import type { OutboxEntry } from '../../src/delivery/outboxEntry';
import type { TeamsPort } from '../../src/delivery/teamsPort';
import { IncidentService, type ManagerCheck } from '../../src/incidents/incidentService';
import { IncidentStore } from '../../src/incidents/incidentStore';
import { createLogger } from '../../src/logger';
import { createPlatform, type Platform } from '../../src/platform/platform';
import type { AuditEntry } from '../../src/storage/auditLog';
import { openMemoryStorage, type MemoryStorage } from '../../src/storage/memoryStorage';

/** The team the staff member and their manager are in, and a second team with its own manager. */
export const TEAM = 'team-noord';
/** A second team. */
export const OTHER_TEAM = 'team-zuid';

/** A person as the service sees them (from the turn). */
function person(name: string, display: string): AftercareActor {
  return { aadObjectId: `aad-${name}`, name: display, userId: `29:${name}` };
}

/** The staff member who reports. */
export const BRAM = person('bram', 'Bram Begeleider');
/** A manager of TEAM. */
export const MARIT = person('marit', 'Marit Manager');
/** A colleague in TEAM, not a manager. */
export const CARLA = person('carla', 'Carla Collega');
/** A manager of OTHER_TEAM only. */
export const OSCAR = person('oscar', 'Oscar Overig');

/** Who manages which team: Marit TEAM, Oscar OTHER_TEAM. */
export const ROSTER: Readonly<Record<string, readonly string[]>> = {
  [TEAM]: [MARIT.aadObjectId],
  [OTHER_TEAM]: [OSCAR.aadObjectId],
};

/** A ManagerCheck answering from a fixed roster (team id → manager ids). */
export function managersOf(roster: Readonly<Record<string, readonly string[]>> = ROSTER): ManagerCheck {
  const manages = (teamId: string, aadObjectId: string) => roster[teamId]?.includes(aadObjectId) ?? false;
  return {
    isManager: (teamId, who) => Promise.resolve(manages(teamId, who.aadObjectId)),
    candidateTeams: (who) =>
      Promise.resolve(Object.keys(roster).filter((teamId) => manages(teamId, who.aadObjectId))),
  };
}

/** A Teams port that must never be called (delivery is held). */
function unusedPort(): TeamsPort {
  const fail = () => Promise.reject(new Error('delivery is held in service tests'));
  return {
    createChannelThread: fail,
    sendPersonal: fail,
    reply: fail,
    update: fail,
    member: fail,
    members: fail,
  };
}

/** Aftercare built as the composition root builds it, on memory storage with a fake clock. */
export interface AftercareWorld {
  clock: FakeClock;
  config: Config;
  storage: MemoryStorage;
  platform: Platform;
  store: AftercareStore;
  incidentStore: IncidentStore;
  incidents: IncidentService;
  service: AftercareService;
  reminders: AftercareReminders;
}

let worlds = 0;

/** Builds aftercare on fresh memory storage (Monday 2 November 2026, 10:00 in Amsterdam, unless told). */
export async function aftercareWorld(
  options: { start?: string; pauseBeforeWriteMs?: number } = {},
): Promise<AftercareWorld> {
  const clock = new FakeClock(options.start ?? '2026-11-02T09:00:00Z');
  const config = parseConfig({
    LOG_LEVEL: 'silent',
    AZURE_STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true',
  });
  const storage = openMemoryStorage({
    prefix: `svc${++worlds}`,
    pauseBeforeWriteMs: options.pauseBeforeWriteMs,
  });
  await storage.ensureContainers();
  const logger = createLogger('silent');
  const platform = createPlatform(
    { config, storage, clock, logger, teamsPort: unusedPort() },
    { backgroundTimer: false, holdDelivery: true },
  );
  const store = new AftercareStore(storage.records);
  const incidentStore = new IncidentStore(storage.records);
  const incidents = new IncidentService(incidentStore, platform.audit, clock);
  const service = new AftercareService({
    store,
    incidents: incidentStore,
    teams: platform.teams,
    outbox: platform.outbox,
    audit: platform.audit,
    clock,
    timeZone: config.timeZone,
    items: config.aftercareItems,
  });
  const reminders = new AftercareReminders({
    store,
    outbox: platform.outbox,
    audit: platform.audit,
    clock,
    logger,
    timeZone: config.timeZone,
    officeHours: config.officeHours,
  });
  for (const teamId of [TEAM, OTHER_TEAM]) {
    await platform.teams.recordInstall(teamId, teamId, {
      serviceUrl: 'https://smba.test/emea/',
      conversationId: `19:general-${teamId}`,
      tenantId: 'tenant-1',
      channelId: 'msteams',
    });
  }
  return { clock, config, storage, platform, store, incidentStore, incidents, service, reminders };
}

/** The reporter reports an incident in a team through the incident service; shared with the managers unless told. */
export async function report(
  w: AftercareWorld,
  reporter: AftercareActor,
  id: string,
  options: { teamId?: string; shared?: boolean } = {},
): Promise<void> {
  const teamId = options.teamId ?? TEAM;
  const created = await w.incidents.ensure(reporter, {
    id,
    flowVersion: 1,
    teamFor: () => Promise.resolve(teamId),
  });
  if (!created) throw new Error(`incident ${id} was not created`);
  if (options.shared ?? true)
    await w.incidents.noteEscalation(reporter, id, { id: `esc-${id}`, reason: 'consent', teamId });
}

/** The outbox entries whose key starts with `prefix`, sorted by key. */
export async function outboxEntries(w: AftercareWorld, prefix: string): Promise<OutboxEntry[]> {
  return (await w.platform.outbox.withPrefix(prefix)).sort((a, b) => a.key.localeCompare(b.key));
}

/** The audit lines of an action (optionally on one object). */
export async function auditLines(
  w: AftercareWorld,
  action: string,
  objectId?: string,
): Promise<AuditEntry[]> {
  return w.storage.audit.readAll(
    (e) => e.action === action && (objectId === undefined || e.objectId === objectId),
  );
}
