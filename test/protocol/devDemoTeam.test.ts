import {
  PEOPLE,
  channelThreads,
  startEscalationBaken,
  type EscalationBaken,
} from '../support/escalationSetup';
import { useMemoryStorage } from '../support/harness';
import { MELDINGEN_ID, TEAM_ID, personalMessage, teamInstall } from '../support/teams';

/**
 * What `npm run dev` sets up (DEV_DEMO_TEAM, local mode): when Baken arrives in the demo team, its manager and its
 * escalation channel are set, so the first escalation reaches the channel without any hand work.
 */

const storage = useMemoryStorage();
const demo = {
  teamId: TEAM_ID,
  channelId: MELDINGEN_ID,
  channelName: 'Meldingen',
  managers: [{ aadObjectId: PEOPLE.anna.aadObjectId, name: PEOPLE.anna.name }],
};

let t: EscalationBaken;
afterEach(async () => {
  await t.stop();
});

it('the demo team gets its manager and escalation channel on arrival, and says so; a test escalation reaches it', async () => {
  t = await startEscalationBaken(storage.get(), {
    install: false,
    env: { DEV_DEMO_TEAM: JSON.stringify(demo), ADMIN_IDS: PEOPLE.anna.aadObjectId },
  });
  expect((await t.send(teamInstall(t.connector.url, PEOPLE.anna))).status).toBe(200);
  const team = await t.teams.get(TEAM_ID);
  expect(team?.managers.map((m) => m.aadObjectId)).toEqual([PEOPLE.anna.aadObjectId]);
  expect(team?.escalationChannel).toMatchObject({ channelId: MELDINGEN_ID, name: 'Meldingen' });
  const hello = t.connector.posted().map((c) => String(c.body.text ?? ''));
  expect(hello.join('\n')).toContain('**Meldingen** is het meldkanaal en Anna de Vries is leidinggevende');

  expect((await t.send(personalMessage(t.connector.url, PEOPLE.anna, 'testmelding'))).status).toBe(200);
  await t.app.tick();
  expect(channelThreads(t.connector.calls)).toHaveLength(1);
});

it('without DEV_DEMO_TEAM (npm start) arriving in a team sets no manager and no channel', async () => {
  t = await startEscalationBaken(storage.get(), { install: false });
  expect((await t.send(teamInstall(t.connector.url, PEOPLE.anna))).status).toBe(200);
  const team = await t.teams.get(TEAM_ID);
  expect(team?.managers).toEqual([]);
  expect(team?.escalationChannel).toBeUndefined();
});

it('a first 1:1 message records the demo team, before anyone opened it: the escalation reaches its channel', async () => {
  t = await startEscalationBaken(storage.get(), {
    install: false,
    env: { DEV_DEMO_TEAM: JSON.stringify(demo), ADMIN_IDS: PEOPLE.anna.aadObjectId },
  });
  expect((await t.send(personalMessage(t.connector.url, PEOPLE.anna, 'testmelding'))).status).toBe(200);
  expect((await t.teams.get(TEAM_ID))?.escalationChannel).toMatchObject({ channelId: MELDINGEN_ID });
  await t.app.tick();
  expect(channelThreads(t.connector.calls)).toHaveLength(1);
});
