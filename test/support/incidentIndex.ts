import type { IncidentStore } from '../../src/records/incidentStore';
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
