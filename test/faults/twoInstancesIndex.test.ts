import { randomUUID } from 'node:crypto';
import type { IncidentRecord } from '../../src/incidents/incidentRecord';
import { IncidentStore } from '../../src/incidents/incidentStore';
import { PENDING_PREFIX } from '../../src/storage/recordIndex';
import { bramReports, storedIncident } from '../support/aftercareSetup';
import { PEOPLE, startEscalationBaken, type EscalationBaken } from '../support/escalationSetup';
import { useAzurite } from '../support/harness';
import { answer, closeIncident, entriesOf } from '../support/incidentIndex';
import { TEAM_ID } from '../support/teams';

/**
 * Two Baken instances on one storage (same prefix) change one incident at the same moment: each pauses between
 * reading the record and writing it back, so the writes collide and one retries on top of the other. Afterwards
 * the index names the incident in exactly the lists its stored record belongs in, both instances' lists show it
 * exactly where it belongs, and a repair tick finds nothing to change.
 */

const azurite = useAzurite();
const { anna, bram } = PEOPLE;

type Change = (store: IncidentStore, id: string, at: string) => Promise<void>;

/** Shares the incident with the team's managers, as an escalation does. */
const share: Change = async (store, id, at) => {
  await store.update(id, (current) =>
    current
      ? { ...current, sharedWithManagers: true, updatedAt: at, revision: current.revision + 1 }
      : undefined,
  );
};

/** Any other change that leaves the lists as they are (a timeline line, as adding evidence does). */
const touch: Change = async (store, id, at) => {
  await store.update(id, (current) =>
    current
      ? {
          ...current,
          timeline: [...current.timeline, { at, actorId: bram.aadObjectId, action: 'evidence_added' }],
          updatedAt: at,
          revision: current.revision + 1,
        }
      : undefined,
  );
};

describe('two instances changing one incident keep its index right', () => {
  const instances: EscalationBaken[] = [];

  beforeAll(async () => {
    const env = { STORAGE_PREFIX: `i${randomUUID().replace(/-/g, '').slice(0, 12)}` };
    const overrides = { pauseBeforeWriteMs: 150 };
    const first = await startEscalationBaken(azurite.get(), { env, overrides });
    instances.push(first);
    instances.push(
      await startEscalationBaken(azurite.get(), {
        env,
        overrides,
        connector: first.connector,
        clock: first.clock,
        install: false,
      }),
    );
  }, 30_000);
  afterAll(async () => {
    for (const t of instances) await t.stop();
  });

  function instance(n: number): EscalationBaken {
    const t = instances[n];
    if (!t) throw new Error('no instance');
    return t;
  }

  /** The lists an incident's entries are in (reporter, team-open, closed), sorted. */
  async function listsOf(id: string): Promise<string[]> {
    return (await entriesOf(instance(0), id)).map((name) => name.split('/')[2] ?? '').sort();
  }

  /** Both instances' lists: does Bram see it, do the managers (meldingen and nazorg)? */
  async function shown(id: string): Promise<Array<{ staff: boolean; managers: boolean; overview: boolean }>> {
    const seen = [];
    for (const t of instances) {
      seen.push({
        staff: (await answer(t, bram, 'meldingen')).includes(id),
        managers: (await answer(t, anna, 'meldingen')).includes(id),
        overview: (await answer(t, anna, 'nazorg')).includes(id),
      });
    }
    return seen;
  }

  /** Bram reports an incident on instance 0; then instance 0 and 1 make their changes to it at the same moment. */
  async function race(consent: boolean, changes: [Change, Change]): Promise<IncidentRecord> {
    const { id } = await bramReports(instance(0), consent);
    const before = await storedIncident(instance(0), id);
    const at = instance(0).clock.now().toISOString();
    const reads = () => instances.reduce((sum, t) => sum + t.app.storage.metrics.reads, 0);
    const readsBefore = reads();
    await Promise.all(
      changes.map((change, n) => change(new IncidentStore(instance(n).app.storage.records), id, at)),
    );
    // Two updates read the record once each; a third read is the retry after the collision.
    const racedReads = reads() - readsBefore;
    const after = await storedIncident(instance(1), id);
    if (!before || !after) throw new Error(`no incident ${id}`);
    // The writes collided and both changes are kept, the later one applied on top of the earlier one.
    expect(racedReads).toBeGreaterThanOrEqual(3);
    expect(after.revision).toBe(before.revision + 2);
    return after;
  }

  /** The index and both instances' lists, before and after a repair tick on each instance. */
  async function expectLists(id: string, lists: string[], managers: boolean): Promise<void> {
    const everywhere = { staff: true, managers, overview: managers };
    for (let pass = 0; pass < 2; pass++) {
      expect(await listsOf(id)).toEqual(lists);
      expect(await shown(id)).toEqual([everywhere, everywhere]);
      // Each writer removed its own pending note; a repair tick on each instance leaves the index as it is.
      expect(await instance(0).app.storage.records.list(PENDING_PREFIX)).toEqual([]);
      for (const t of instances) await t.app.tick();
    }
  }

  it.each([
    ['instance 0 shares it while instance 1 closes it', [share, closeIncident]],
    ['instance 0 closes it while instance 1 shares it', [closeIncident, share]],
  ] as Array<[string, [Change, Change]]>)(
    "an unshared incident: %s — closed and shared, in its reporter's list only",
    async (_, changes) => {
      const after = await race(false, changes);
      expect(after).toMatchObject({ status: 'closed', sharedWithManagers: true, teamId: TEAM_ID });
      await expectLists(after.id, ['closed', 'reporter'], false);
    },
    60_000,
  );

  it('a shared incident: instance 0 closes it while instance 1 changes it otherwise — it leaves the team list', async () => {
    const after = await race(true, [closeIncident, touch]);
    expect(after).toMatchObject({ status: 'closed', sharedWithManagers: true });
    await expectLists(after.id, ['closed', 'reporter'], false);
  }, 60_000);

  it('an unshared incident: instance 0 changes it while instance 1 shares it — it enters the team list', async () => {
    const after = await race(false, [touch, share]);
    expect(after).toMatchObject({ status: 'open', sharedWithManagers: true });
    await expectLists(after.id, ['reporter', 'team-open'], true);
  }, 60_000);
});
