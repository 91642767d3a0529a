import path from 'node:path';
import { readPlaygroundDemo } from '../../scripts/playground/playgroundDemo';
import { ConfigError, parseConfig } from '../../src/config';

/** `npm run dev` prepares the Playground's team; only in local mode, from the Playground's own config. */
describe('the demo team of npm run dev', () => {
  it('reads the Playground user, team and escalation channel from the committed config', () => {
    const demo = readPlaygroundDemo(path.join(__dirname, '..', '..', '.m365agentsplayground.yml'));
    expect(demo).toEqual({
      user: { aadObjectId: 'd1e11000-0000-4000-8000-000000000002', name: 'Daan Bakker' },
      colleague: { aadObjectId: 'd1e11000-0000-4000-8000-000000000001', name: 'Sanne de Vries' },
      teamId: '19:linde-algemeen@thread.tacv2',
      channel: { id: '19:linde-meldingen@thread.tacv2', name: 'Meldingen' },
    });
  });

  const team = {
    teamId: '19:t@thread.tacv2',
    channelId: '19:m@thread.tacv2',
    channelName: 'Meldingen',
    managers: [{ aadObjectId: 'aad-1', name: 'Daan Bakker' }],
  };

  it('parses DEV_DEMO_TEAM in local mode, and is off by default', () => {
    expect(parseConfig({ DEV_DEMO_TEAM: JSON.stringify(team) }).devDemoTeam).toEqual(team);
    expect(parseConfig({}).devDemoTeam).toBeUndefined();
  });

  it('refuses a DEV_DEMO_TEAM that is not the JSON it needs, in one line', () => {
    expect(() => parseConfig({ DEV_DEMO_TEAM: '{"teamId": 1}' })).toThrow(
      'Configuration error: DEV_DEMO_TEAM must be JSON: {teamId, channelId, channelName, managers}',
    );
  });

  it('refuses DEV_DEMO_TEAM outside local mode: npm start with an app id never prepares a team', () => {
    const signed = {
      MicrosoftAppId: '00000000-0000-4000-8000-000000000001',
      MicrosoftAppPassword: 'x',
      AZURE_STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true',
      ALLOWED_TENANTS: '11111111-2222-3333-4444-555555555555',
      DEV_DEMO_TEAM: JSON.stringify(team),
    };
    expect(() => parseConfig(signed)).toThrow(ConfigError);
    expect(() => parseConfig(signed)).toThrow(/DEV_DEMO_TEAM .*only allowed in local mode/);
  });
});
