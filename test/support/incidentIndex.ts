import type { IncidentStore } from '../../src/incidents/incidentStore';
import { INDEX_PREFIX } from '../../src/storage/recordIndex';
import type { TestBaken } from './harness';
import { PersonalDriver } from './incidentDriver';
import type { TestUser } from './teams';

/** What a command posted, as one text (cards with their button refs included). */
export async function answer(t: TestBaken, who: TestUser, text: string): Promise<string> {
  return JSON.stringify(await new PersonalDriver(t, who).message(text));
}

/** Closes an incident through the store, as the end of its aftercare does. */
export async function closeIncident(store: IncidentStore, id: string, at: string): Promise<void> {
  await store.update(id, (current) =>
    current
      ? { ...current, status: 'closed', closedAt: at, updatedAt: at, revision: current.revision + 1 }
      : undefined,
  );
}

/** The index entries that name an incident. */
export async function entriesOf(t: TestBaken, id: string): Promise<string[]> {
  return (await t.app.storage.records.list(INDEX_PREFIX)).filter((name) => name.endsWith(`_${id}`));
}

/** The lists an incident's entries are in (reporter, team-open, closed), sorted. */
export async function listsOf(t: TestBaken, id: string): Promise<string[]> {
  return (await entriesOf(t, id)).map((name) => name.split('/')[2] ?? '').sort();
}

/**
 * Runs a store change as if the process were killed right after its record write: every index entry write and
 * delete fails from then on (the pending note before the record still lands). Expects the change to fail.
 */
export async function killedAfterRecordWrite(t: TestBaken, change: () => Promise<unknown>): Promise<void> {
  const records = t.app.storage.records;
  const mark = records.mark.bind(records);
  const remove = records.delete.bind(records);
  const killed = () => Promise.reject(new Error('killed after the record write'));
  const marks = jest
    .spyOn(records, 'mark')
    .mockImplementation((name, metadata) =>
      name.startsWith(INDEX_PREFIX) ? killed() : mark(name, metadata),
    );
  const deletes = jest
    .spyOn(records, 'delete')
    .mockImplementation((name, etag) => (name.startsWith(INDEX_PREFIX) ? killed() : remove(name, etag)));
  try {
    await expect(change()).rejects.toThrow('killed after the record write');
  } finally {
    marks.mockRestore();
    deletes.mockRestore();
  }
}

/** Shares an incident with its team's managers through the store, as an escalation does. */
export async function shareIncident(store: IncidentStore, id: string, at: string): Promise<void> {
  await store.update(id, (current) =>
    current
      ? { ...current, sharedWithManagers: true, updatedAt: at, revision: current.revision + 1 }
      : undefined,
  );
}
