import {
  aftercareChecklistSchema,
  aftercareDocName,
  type AftercareChecklist,
} from '../../src/aftercare/aftercareChecklist';
import {
  incidentDocName,
  incidentRecordSchema,
  type IncidentRecord,
} from '../../src/incidents/incidentRecord';
import { cardText } from './cardWalk';
import { validateCard } from './validateCard';
import type { ConnectorCall, RosterMember } from './connector';
import { PEOPLE, cardOf, personalMessages, teamRoster } from './escalationSetup';
import type { TestBaken } from './harness';
import { PersonalDriver } from './incidentDriver';
import { TEAM_ID, personalConversation, user, type TestUser } from './teams';

/** A staff member of the team besides Bram (not a manager). */
export const CARLA = user('carla', 'Carla Collega');

/** The test roster with Carla added. */
export function rosterWithCarla(): RosterMember[] {
  return [
    ...teamRoster(),
    { id: CARLA.id, aadObjectId: CARLA.aadObjectId, name: CARLA.name, userRole: 'user' },
  ];
}

/** Puts Carla on the team's roster. */
export function addCarla(t: TestBaken): void {
  t.connector.rosters.set(TEAM_ID, rosterWithCarla());
}

const WHAT = { f_soort: 'bedreiging', f_platform: 'linkedin', f_wanneer: '2026-11-01', f_online: 'ja' };

/** Bram reports harassment (what happened, the screenshot step, and consent at "Bespreek"). */
export async function bramReports(
  t: TestBaken,
  consent = true,
): Promise<{ driver: PersonalDriver; id: string }> {
  const driver = new PersonalDriver(t, PEOPLE.bram);
  const id = await driver.startIncident();
  await driver.press('Verder', WHAT);
  while (!cardText(driver.card).includes('Mag ik je leidinggevenden')) await driver.press('Sla over');
  await driver.press('Verder', { f_toestemming: consent ? 'ja' : 'nee' });
  return { driver, id };
}

/** The stored checklist. */
export async function storedChecklist(t: TestBaken, id: string): Promise<AftercareChecklist | undefined> {
  return (await t.app.storage.records.read(aftercareDocName(id), aftercareChecklistSchema))?.value;
}

/** The stored incident. */
export async function storedIncident(t: TestBaken, id: string): Promise<IncidentRecord | undefined> {
  return (await t.app.storage.records.read(incidentDocName(id), incidentRecordSchema))?.value;
}

/** A manager starts aftercare for the incident with the button (as on the incident card). */
export async function startAftercare(
  t: TestBaken,
  manager: TestUser,
  incidentId: string,
): Promise<PersonalDriver> {
  const driver = new PersonalDriver(t, manager);
  await driver.invoke({ action: 'aftercare.start', ref: incidentId, step: 0 });
  return driver;
}

/** The cards a user received 1:1 through the outbox whose text contains `phrase`. */
export async function cardsReceived(
  t: TestBaken,
  u: TestUser,
  phrase: string,
): Promise<Array<Record<string, unknown>>> {
  return (await personalMessages(t, u))
    .map((call) => cardOf(call))
    .filter((card): card is Record<string, unknown> => card !== undefined && cardText(card).includes(phrase));
}

/** PUT calls (in-place updates) into a user's 1:1 conversation (the test connector's ids). */
export function putsInto(t: TestBaken, u: TestUser): ConnectorCall[] {
  const conversation = encodeURIComponent(personalConversation(u).id);
  return t.connector.calls.filter(
    (c) => c.method === 'PUT' && c.path.includes(`/conversations/${conversation}/`),
  );
}

/** Every PUT call. */
export function allPuts(t: TestBaken): ConnectorCall[] {
  return t.connector.calls.filter((c) => c.method === 'PUT');
}

/** The places (decoded paths) a purge put a valid "Deze melding is verwijderd" card over, of the PUTs after `putsBefore`. */
export function removedCardPaths(t: TestBaken, putsBefore: number): string[] {
  const removals = t.connector.calls
    .filter((c) => c.method === 'PUT')
    .slice(putsBefore)
    .filter((c) => cardText(cardOf(c)).includes('Deze melding is verwijderd'));
  for (const removal of removals) validateCard(cardOf(removal));
  return removals.map((c) => decodeURIComponent(c.path));
}
