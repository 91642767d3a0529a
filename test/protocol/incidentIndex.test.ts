import { randomUUID } from 'node:crypto';
import type { IncidentRecord } from '../../src/incidents/incidentRecord';
import { IncidentStore } from '../../src/incidents/incidentStore';
import { bramReports, storedIncident } from '../support/aftercareSetup';
import { PEOPLE, startEscalationBaken, type EscalationBaken } from '../support/escalationSetup';
import { useAzurite } from '../support/harness';
import {
  answer,
  closeIncident,
  entriesOf,
  killedAfterRecordWrite,
  listsOf,
  shareIncident,
} from '../support/incidentIndex';
import { TEAM_ID, type TestUser } from '../support/teams';

const azurite = useAzurite();
const { anna, bram } = PEOPLE;
const DAY = 24 * 60 * 60 * 1000;

/** An incident of someone else, written through Baken's own store (indexes as in real use). */
async function otherIncident(
  store: IncidentStore,
  at: string,
  fields: Partial<IncidentRecord>,
): Promise<string> {
  const id = fields.id ?? randomUUID();
  const reporter = fields.reporter ?? { aadObjectId: `aad-${id}`, name: 'Iemand Anders', userId: `u-${id}` };
  await store.update(id, () => ({
    id,
    schemaVersion: 1,
    flowVersion: 1,
    reporter,
    teamId: TEAM_ID,
    status: 'open',
    sharedWithManagers: false,
    steps: {},
    evidence: [],
    escalations: [],
    timeline: [{ at, actorId: reporter.aadObjectId, action: 'created' }],
    createdAt: at,
    updatedAt: at,
    revision: 0,
    ...fields,
  }));
  return id;
}

describe('the lists read what they show, through the record index', () => {
  let t: EscalationBaken;
  let store: IncidentStore;
  beforeEach(async () => {
    t = await startEscalationBaken(azurite.get(), { env: { RETENTION_DAYS: '30' } });
    store = new IncidentStore(t.app.storage.records);
  });
  afterEach(async () => {
    await t?.stop();
  });

  it('shows a new incident to its reporter, a shared one to the managers, and a closed or purged one leaves the lists', async () => {
    const { id: notShared } = await bramReports(t, false);
    expect(await answer(t, bram, 'meldingen')).toContain(notShared);
    // Not shared: never in the managers' lists.
    expect(await answer(t, anna, 'meldingen')).not.toContain(notShared);
    expect(await answer(t, anna, 'nazorg')).not.toContain(notShared);

    const { id: shared } = await bramReports(t, true);
    await t.app.tick();
    expect(await answer(t, bram, 'meldingen')).toContain(shared);
    expect(await answer(t, anna, 'meldingen')).toContain(shared);
    expect(await answer(t, anna, 'nazorg')).toContain(shared);
    // Staff never see a colleague's incident, shared or not.
    expect(await answer(t, PEOPLE.piet, 'meldingen')).toContain(shared); // Piet manages the team.
    const carla = { ...PEOPLE.gast };
    expect(await answer(t, carla, 'meldingen')).not.toContain(shared);

    // Closed: out of the managers' lists at once, still the reporter's until the purge.
    const closedAt = t.clock.now().toISOString();
    await closeIncident(store, shared, closedAt);
    expect(await answer(t, anna, 'meldingen')).not.toContain(shared);
    expect(await answer(t, anna, 'nazorg')).not.toContain(shared);
    expect(await answer(t, bram, 'meldingen')).toContain(shared);

    // Purged: out of every list, and no index entry is left behind.
    t.clock.set(new Date(Date.parse(closedAt) + 30 * DAY + 60 * 60_000));
    await t.app.tick();
    expect(await storedIncident(t, shared)).toBeUndefined();
    expect(await entriesOf(t, shared)).toEqual([]);
    expect(await answer(t, bram, 'meldingen')).not.toContain(shared);
    expect(await answer(t, bram, 'meldingen')).toContain(notShared);
  });

  it('repairs within one tick the entries a kill between the record write and the index write left out', async () => {
    await t.app.tick(); // The first tick after a start also sweeps the whole index; the ticks below do not.
    const at = t.clock.now().toISOString();
    const bramRef = { aadObjectId: bram.aadObjectId, name: bram.name, userId: bram.id };

    // A new incident, killed after its record: not in Bram's list until the next tick puts it there.
    const created = randomUUID();
    await killedAfterRecordWrite(t, () => otherIncident(store, at, { id: created, reporter: bramRef }));
    expect(await storedIncident(t, created)).toBeDefined();
    expect(await listsOf(t, created)).toEqual([]);
    expect(await answer(t, bram, 'meldingen')).not.toContain(created);
    await t.app.tick();
    expect(await listsOf(t, created)).toEqual(['reporter']);
    expect(await answer(t, bram, 'meldingen')).toContain(created);

    // Shared with the managers, killed after the record: the team entry is back within one tick.
    const { id } = await bramReports(t, false);
    await killedAfterRecordWrite(t, () => shareIncident(store, id, at));
    expect(await storedIncident(t, id)).toMatchObject({ sharedWithManagers: true });
    expect(await answer(t, anna, 'nazorg')).not.toContain(id);
    await t.app.tick();
    expect(await listsOf(t, id)).toEqual(['reporter', 'team-open']);
    expect(await answer(t, anna, 'nazorg')).toContain(id);
    expect(await answer(t, anna, 'meldingen')).toContain(id);

    // Closed, killed before the team entry went: never shown to the managers, and the tick removes it.
    await killedAfterRecordWrite(t, () => closeIncident(store, id, at));
    expect(await listsOf(t, id)).toEqual(['reporter', 'team-open']);
    expect(await answer(t, anna, 'meldingen')).not.toContain(id);
    expect(await answer(t, anna, 'nazorg')).not.toContain(id);
    await t.app.tick();
    expect(await listsOf(t, id)).toEqual(['closed', 'reporter']);
    expect(await answer(t, bram, 'meldingen')).toContain(id);
  });

  it('the daily sweep repairs an index out of line without a pending note (e.g. storage restored from a backup)', async () => {
    const { id } = await bramReports(t, true);
    await t.app.tick();
    const entries = await entriesOf(t, id);
    expect(entries.map((e) => e.split('/')[2])).toEqual(expect.arrayContaining(['reporter', 'team-open']));
    for (const name of entries) await t.app.storage.records.delete(name);
    // A tick looks at pending notes only: no writer left one, so the entries stay missing until the sweep.
    await t.app.tick();
    expect(await entriesOf(t, id)).toEqual([]);
    t.clock.set(new Date(t.clock.now().getTime() + DAY));
    await t.app.tick();
    expect((await entriesOf(t, id)).sort()).toEqual([...entries].sort());
    expect(await answer(t, bram, 'meldingen')).toContain(id);
    expect(await answer(t, anna, 'nazorg')).toContain(id);

    // An entry left over (the record closed) is never shown, and the next sweep removes it.
    await closeIncident(store, id, t.clock.now().toISOString());
    const teamEntry = entries.find((e) => e.includes('/team-open/')) ?? '';
    await t.app.storage.records.mark(teamEntry);
    expect(await answer(t, anna, 'meldingen')).not.toContain(id);
    t.clock.set(new Date(t.clock.now().getTime() + DAY));
    await t.app.tick();
    expect(await t.app.storage.records.list(teamEntry)).toEqual([]);
  });

  it('a tick with nothing pending costs the same storage requests however many records there are', async () => {
    const at = t.clock.now().toISOString();
    await bramReports(t, true);
    await t.app.tick(); // The first tick after a start sweeps the whole index (and the escalation is sent).
    const cost = async () => {
      const before = t.app.storage.metrics.snapshot();
      await t.app.tick();
      const after = t.app.storage.metrics.snapshot();
      const keys = Object.keys(before) as Array<keyof typeof before>;
      return Object.fromEntries(keys.map((k) => [k, after[k] - before[k]]));
    };
    const few = await cost();
    for (let i = 0; i < 40; i++) {
      await otherIncident(store, at, {
        sharedWithManagers: i % 2 === 0,
        status: i % 3 === 0 ? 'closed' : 'open',
        closedAt: i % 3 === 0 ? at : undefined,
      });
    }
    const many = await cost();
    // Requests of every kind and the names listings return: the same with 40 more incidents (2–3 entries each).
    expect(many).toEqual(few);
    expect(many.reads).toBe(0);
    expect(await t.app.storage.records.list('index-pending/')).toEqual([]);
  });

  it('"mijn meldingen" and "nazorg" read only what they show plus a constant, however many other records there are', async () => {
    const { id } = await bramReports(t, true);
    await t.app.tick();
    const at = t.clock.now().toISOString();
    const others: Array<Promise<string>> = [];
    for (let i = 0; i < 60; i++) {
      const kind = i % 4;
      others.push(
        otherIncident(store, at, {
          // Other teams' shared incidents, this team's unshared and closed ones, other reporters' everything.
          teamId: kind === 0 ? `19:other-${i}@thread.tacv2` : TEAM_ID,
          sharedWithManagers: kind !== 1,
          status: kind === 2 ? 'closed' : 'open',
          closedAt: kind === 2 ? at : undefined,
        }),
      );
    }
    const ids = await Promise.all(others);
    const shownOf = (text: string, candidates: string[]) => candidates.filter((c) => text.includes(c)).length;

    const readsOf = async (who: TestUser, text: string) => {
      await answer(t, who, text); // warm: the conversation exists
      const before = t.app.storage.metrics.reads;
      const shown = await answer(t, who, text);
      return { reads: t.app.storage.metrics.reads - before, shown };
    };
    const mine = await readsOf(bram, 'meldingen');
    expect(shownOf(mine.shown, [id, ...ids])).toBe(1);
    expect(mine.reads).toBeLessThanOrEqual(1 + 3);

    const manager = await readsOf(anna, 'meldingen');
    const managerShown = shownOf(manager.shown, [id, ...ids]);
    expect(managerShown).toBe(15); // The newest 15 open shared ones of the team (Bram's and kind 3), as the card shows.
    expect(manager.reads).toBeLessThanOrEqual(managerShown + 3);

    const overview = await readsOf(anna, 'nazorg');
    const overviewShown = shownOf(overview.shown, [id, ...ids]);
    expect(overviewShown).toBe(15);
    expect(overview.reads).toBeLessThanOrEqual(overviewShown + 3);
  });
});
