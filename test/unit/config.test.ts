import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEFAULT_AFTERCARE_ITEMS, type AftercareItem } from '../../src/aftercare/aftercareItems';
import { ConfigError, DEFAULT_ATTACHMENT_HOSTS, parseConfig } from '../../src/config';

const APP_ID = '3f2504e0-4f89-11d3-9a0c-0305e82c3301';
const TENANT_A = '11111111-2222-3333-4444-555555555555';
const TENANT_B = '66666666-7777-8888-9999-000000000000';
const STORAGE =
  'DefaultEndpointsProtocol=https;AccountName=baken;AccountKey=a2V5;EndpointSuffix=core.windows.net';

/** A complete, valid configuration with an app id: each test breaks one thing. */
const deployed = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
  MicrosoftAppId: APP_ID,
  MicrosoftAppPassword: 'secret',
  AZURE_STORAGE_CONNECTION_STRING: STORAGE,
  ALLOWED_TENANTS: TENANT_A,
  ...extra,
});

/** Parses and returns the ConfigError's message; fails the test when parsing succeeds. */
function errorOf(env: NodeJS.ProcessEnv): string {
  try {
    parseConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error(`parseConfig accepted ${JSON.stringify(env)}`);
}

/** Asserts a one-line error that names the variable (as a whole word, at the start of the detail). */
function expectRefused(env: NodeJS.ProcessEnv, variable: string): string {
  const message = errorOf(env);
  expect(message).not.toMatch(/[\r\n]/);
  expect(message).toMatch(new RegExp(`^Configuration error: ${variable}\\b`));
  return message;
}

describe('parseConfig in local mode (no app id)', () => {
  it('fills every default', () => {
    const config = parseConfig({});
    expect(config).toMatchObject({
      port: 3978,
      host: '0.0.0.0',
      logLevel: 'info',
      maxBodyBytes: 256 * 1024,
      localMode: true,
      bot: { appId: '', appPassword: '', appType: 'MultiTenant', tenantId: '', openIdMetadataUrl: '' },
      allowedTenants: [],
      adminIds: [],
      storage: { connectionString: '', prefix: 'baken', dataDir: '.data' },
      escalation: { remindMinutes: 30, remindAcuutMinutes: 10, maxReminders: 2, meldcodeDecisionDays: 5 },
      schedulerIntervalSeconds: 30,
      heapGrowingPercent: 50,
      retentionDays: 365,
      officeHours: { from: '08:00', to: '17:00' },
      timeZone: 'Europe/Amsterdam',
    });
    // Unset, the name reads naturally mid-sentence: "Vraag hoe dat bij je organisatie gaat."
    expect(config.org.name).toBe('je organisatie');
    expect(config.org.configuredName).toBe('');
    expect(config.org.protocolUrl).toBe('');
    expect(config.org.meldcodeUrl).toBe('');
    expect(config.evidence.attachmentHosts).toEqual(DEFAULT_ATTACHMENT_HOSTS);
  });

  it('treats empty and blank values as unset, and trims the others', () => {
    const config = parseConfig({
      PORT: '',
      LOG_LEVEL: '   ',
      HOST: ' 127.0.0.1 ',
      TIMEZONE: ' Europe/London ',
    });
    expect(config.port).toBe(3978);
    expect(config.logLevel).toBe('info');
    expect(config.host).toBe('127.0.0.1');
    expect(config.timeZone).toBe('Europe/London');
  });

  it('reads set values', () => {
    const config = parseConfig({
      PORT: '8080',
      LOG_LEVEL: 'debug',
      OFFICE_HOURS: '09:30-18:00',
      ORG_PROTOCOL_URL: 'https://intranet.example.nl/protocol',
      ORG_MELDCODE_URL: 'https://intranet.example.nl/meldcode',
      AANDACHTSFUNCTIONARIS_IDS: 'aad-1, aad-2',
    });
    expect(config.port).toBe(8080);
    expect(config.logLevel).toBe('debug');
    expect(config.officeHours).toEqual({ from: '09:30', to: '18:00' });
    expect(config.org.protocolUrl).toBe('https://intranet.example.nl/protocol');
    expect(config.org.meldcodeUrl).toBe('https://intranet.example.nl/meldcode');
    expect(config.escalation.aandachtsfunctionarisIds).toEqual(['aad-1', 'aad-2']);
    expect(parseConfig({ HEAP_GROWING_PERCENT: '0' }).heapGrowingPercent).toBe(0);
  });

  it('does not read process.env', () => {
    process.env.PORT = '1234';
    try {
      expect(parseConfig({}).port).toBe(3978);
    } finally {
      delete process.env.PORT;
    }
  });
});

describe('parseConfig stops at a bad value with one line naming the variable', () => {
  it.each([
    ['PORT', 'abc'],
    ['PORT', '0'],
    ['PORT', '70000'],
    ['PORT', '80.5'],
  ])('%s=%s', (variable, value) => {
    const message = expectRefused({ [variable]: value }, variable);
    expect(message).toContain('must be a whole number from 1 to 65535');
  });

  it('MicrosoftAppId that is not a GUID', () => {
    const message = expectRefused(deployed({ MicrosoftAppId: 'baken-bot' }), 'MicrosoftAppId');
    expect(message).toMatch(/GUID/);
  });

  it('LOG_LEVEL that is unknown', () => {
    expectRefused({ LOG_LEVEL: 'verbose' }, 'LOG_LEVEL');
  });

  it.each(['8-17', '08:00', '17:00-08:00', '08:00-24:00', '08:00-17:00-18:00', '8:00-17:00', 'kantoortijd'])(
    'OFFICE_HOURS=%s',
    (value) => {
      const message = expectRefused({ OFFICE_HOURS: value }, 'OFFICE_HOURS');
      expect(message).toContain('08:00-17:00');
    },
  );

  it.each(['Mars/Olympus_Mons', 'Amsterdam', 'CET+99'])('TIMEZONE=%s', (value) => {
    expectRefused({ TIMEZONE: value }, 'TIMEZONE');
  });

  it.each([
    'ftp://intranet.example.nl/protocol',
    'javascript:alert(1)',
    'intranet/protocol',
    'file:///etc/passwd',
  ])('ORG_PROTOCOL_URL and ORG_MELDCODE_URL=%s', (value) => {
    expectRefused({ ORG_PROTOCOL_URL: value }, 'ORG_PROTOCOL_URL');
    expectRefused({ ORG_MELDCODE_URL: value }, 'ORG_MELDCODE_URL');
  });

  it('HEAP_GROWING_PERCENT above its maximum', () => {
    expectRefused({ HEAP_GROWING_PERCENT: '301' }, 'HEAP_GROWING_PERCENT');
  });

  it('MAX_BODY_BYTES below its minimum', () => {
    expectRefused({ MAX_BODY_BYTES: '10' }, 'MAX_BODY_BYTES');
  });

  it('ALLOWED_TENANTS with an entry that is not a GUID', () => {
    const message = expectRefused(
      deployed({ ALLOWED_TENANTS: `${TENANT_A},contoso.onmicrosoft.com` }),
      'ALLOWED_TENANTS',
    );
    expect(message).not.toContain('ALLOWED_TENANTS.');
  });
});

describe('parseConfig with an app id', () => {
  it('accepts a complete configuration and turns local mode off', () => {
    const config = parseConfig(deployed());
    expect(config.localMode).toBe(false);
    expect(config.bot.appId).toBe(APP_ID);
    expect(config.storage.connectionString).toBe(STORAGE);
    expect(config.allowedTenants).toEqual([TENANT_A]);
  });

  it('refuses to start without AZURE_STORAGE_CONNECTION_STRING and says why', () => {
    const message = expectRefused(
      deployed({ AZURE_STORAGE_CONNECTION_STRING: '' }),
      'AZURE_STORAGE_CONNECTION_STRING',
    );
    expect(message).toContain('MicrosoftAppId');
    expect(message).toMatch(/local mode/);
  });

  it('refuses an app id without password', () => {
    const message = expectRefused(deployed({ MicrosoftAppPassword: '' }), 'MicrosoftAppPassword');
    expect(message).toContain('MicrosoftAppId');
  });

  it('does not ask a managed identity for a password', () => {
    const config = parseConfig(
      deployed({
        MicrosoftAppPassword: '',
        MicrosoftAppType: 'UserAssignedMSI',
        MicrosoftAppTenantId: TENANT_A,
      }),
    );
    expect(config.bot.appType).toBe('UserAssignedMSI');
  });

  it('refuses SingleTenant without MicrosoftAppTenantId', () => {
    const message = expectRefused(deployed({ MicrosoftAppType: 'SingleTenant' }), 'MicrosoftAppTenantId');
    expect(message).toContain('SingleTenant');
  });

  it('refuses an app id without ALLOWED_TENANTS', () => {
    const message = expectRefused(deployed({ ALLOWED_TENANTS: '' }), 'ALLOWED_TENANTS');
    expect(message).toContain('MicrosoftAppId');
  });

  it('refuses ALLOWED_TENANTS that holds only commas', () => {
    expectRefused(deployed({ ALLOWED_TENANTS: ' , ,' }), 'ALLOWED_TENANTS');
  });

  it('adds MicrosoftAppTenantId to the allowed tenants (enough on its own, never twice)', () => {
    const single = parseConfig(
      deployed({ ALLOWED_TENANTS: '', MicrosoftAppType: 'SingleTenant', MicrosoftAppTenantId: TENANT_B }),
    );
    expect(single.allowedTenants).toEqual([TENANT_B]);
    expect(single.bot.tenantId).toBe(TENANT_B);

    const both = parseConfig(deployed({ MicrosoftAppTenantId: TENANT_B }));
    expect(both.allowedTenants).toEqual([TENANT_A, TENANT_B]);

    const listed = parseConfig(
      deployed({ ALLOWED_TENANTS: `${TENANT_B},${TENANT_A}`, MicrosoftAppTenantId: TENANT_A }),
    );
    expect(listed.allowedTenants).toEqual([TENANT_B, TENANT_A]);
  });
});

describe('csv lists', () => {
  it('splits ALLOWED_TENANTS on commas, trims and drops empty entries', () => {
    const config = parseConfig(deployed({ ALLOWED_TENANTS: ` ${TENANT_A} ,, ${TENANT_B},` }));
    expect(config.allowedTenants).toEqual([TENANT_A, TENANT_B]);
  });

  it('splits ADMIN_IDS the same way', () => {
    const config = parseConfig({ ADMIN_IDS: 'aad-anna, aad-bram ,,aad-chris ' });
    expect(config.adminIds).toEqual(['aad-anna', 'aad-bram', 'aad-chris']);
  });

  it('gives empty lists when unset', () => {
    const config = parseConfig({});
    expect(config.adminIds).toEqual([]);
    expect(config.allowedTenants).toEqual([]);
  });

  it('uses ATTACHMENT_HOSTS instead of the defaults when set', () => {
    const config = parseConfig({ ATTACHMENT_HOSTS: 'files.example.nl, *.example.org' });
    expect(config.evidence.attachmentHosts).toEqual(['files.example.nl', '*.example.org']);
  });
});

describe('AFTERCARE_ITEMS_FILE: the organisation’s aftercare checklist', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'baken-config-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  /** Writes a file into the test folder; returns its path. */
  function file(name: string, text: string): string {
    const at = path.join(dir, name);
    writeFileSync(at, text);
    return at;
  }

  const item = (id: string, extra: Partial<AftercareItem> = {}): AftercareItem => ({
    id,
    title: `Titel ${id}`,
    guidance: 'Doe dit op tijd.',
    staffText: 'Dit gebeurt er.',
    owner: 'leidinggevende',
    due: { from: 'incident', days: 5 },
    sources: ['nazorgpraktijk'],
    ...extra,
  });
  const list = (...items: unknown[]) => JSON.stringify({ items }, null, 2);

  it('uses the default list when unset', () => {
    expect(parseConfig({}).aftercareItems).toBe(DEFAULT_AFTERCARE_ITEMS);
    expect(parseConfig({ AFTERCARE_ITEMS_FILE: '  ' }).aftercareItems).toBe(DEFAULT_AFTERCARE_ITEMS);
    expect(DEFAULT_AFTERCARE_ITEMS).toHaveLength(13);
  });

  it('reads a good file: its items, in its order (a byte order mark is no problem)', () => {
    const items = [
      item('eerste'),
      item('later', { owner: 'organisatie', due: { from: 'declined', days: 7 } }),
    ];
    const good = file('goed.json', list(...items));
    expect(parseConfig({ AFTERCARE_ITEMS_FILE: good }).aftercareItems).toEqual(items);
    const withBom = file('bom.json', `\uFEFF${list(...items)}`);
    expect(parseConfig({ AFTERCARE_ITEMS_FILE: ` ${withBom} ` }).aftercareItems).toEqual(items);
  });

  it('refuses a file that does not exist, naming it', () => {
    const missing = path.join(dir, 'weg.json');
    const message = expectRefused({ AFTERCARE_ITEMS_FILE: missing }, 'AFTERCARE_ITEMS_FILE');
    expect(message).toContain('does not exist');
    expect(message).toContain(missing);
  });

  it('refuses a folder', () => {
    const folder = path.join(dir, 'map');
    mkdirSync(folder);
    expect(expectRefused({ AFTERCARE_ITEMS_FILE: folder }, 'AFTERCARE_ITEMS_FILE')).toContain('folder');
  });

  it('refuses a file that is not JSON, on one line even when the file has many', () => {
    const broken = file('kapot.json', '{\n  "items": [\n    { "id": "a",\n  ]\n}\n');
    const message = expectRefused({ AFTERCARE_ITEMS_FILE: broken }, 'AFTERCARE_ITEMS_FILE');
    expect(message).toContain('is not valid JSON');
    expect(message).toContain(broken);
  });

  it.each([
    ['no items', { items: [] }, /items: must hold at least one item/],
    ['a list instead of an object', [item('a')], /the file: .*expected object/],
    ['an item without a title', { items: [{ ...item('a'), title: undefined }] }, /items\[0\] \("a"\)\.title/],
    [
      'due days far away',
      { items: [item('a'), item('b', { due: { from: 'incident', days: 400 } })] },
      /items\[1\] \("b"\)\.due\.days: .*120/,
    ],
    ['due days not whole', { items: [item('a', { due: { from: 'incident', days: 1.5 } })] }, /due\.days/],
    [
      'offering again on the day of the decline',
      { items: [item('a'), item('b', { due: { from: 'declined', days: 0 } })] },
      /items\[1\] \("b"\)\.due\.days: item "b" is due after a decline, so at least 1 day after it/,
    ],
    [
      'only items after a decline',
      { items: [item('a', { due: { from: 'declined', days: 14 } })] },
      /items: must hold at least one item due from the incident/,
    ],
    [
      'an unknown source',
      { items: [item('a', { sources: ['ggd' as never] })] },
      /items\[0\] \("a"\)\.sources\[0\]/,
    ],
    ['an id with capitals', { items: [item('Steun')] }, /items\[0\] \("Steun"\)\.id/],
    ['too many items', { items: Array.from({ length: 17 }, (_, i) => item(`i${i}`)) }, /at most 16 items/],
  ])('refuses a file with %s, saying where', (_name, content, problem) => {
    const bad = file('fout.json', JSON.stringify(content));
    const message = expectRefused({ AFTERCARE_ITEMS_FILE: bad }, 'AFTERCARE_ITEMS_FILE');
    expect(message).toContain('is not a valid checklist');
    expect(message).toMatch(problem);
  });

  it('refuses duplicate item ids, naming the id', () => {
    const twice = file('dubbel.json', list(item('steun'), item('mim'), item('steun')));
    const message = expectRefused({ AFTERCARE_ITEMS_FILE: twice }, 'AFTERCARE_ITEMS_FILE');
    expect(message).toMatch(/items\[2\] \("steun"\)\.id: item id "steun" is used twice/);
  });
});

describe('delivery alert and Application Insights settings', () => {
  const CONNECTION =
    'InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/';

  it('alerts after 15 minutes by default; OUTBOX_ALERT_MINUTES changes it within 1 to 1440', () => {
    expect(parseConfig({}).outboxAlertMinutes).toBe(15);
    expect(parseConfig({ OUTBOX_ALERT_MINUTES: '60' }).outboxAlertMinutes).toBe(60);
    for (const bad of ['0', '1441', '7.5', 'kwartier'])
      expectRefused({ OUTBOX_ALERT_MINUTES: bad }, 'OUTBOX_ALERT_MINUTES');
  });

  it('telemetry is off without a connection string, on with one; a bad one is refused without echoing it', () => {
    expect(parseConfig({}).telemetry).toEqual({ connectionString: '' });
    expect(parseConfig({ APPLICATIONINSIGHTS_CONNECTION_STRING: CONNECTION }).telemetry).toEqual({
      connectionString: CONNECTION,
    });
    const message = expectRefused(
      { APPLICATIONINSIGHTS_CONNECTION_STRING: 'IngestionEndpoint=https://x/;Secret=hunter2' },
      'APPLICATIONINSIGHTS_CONNECTION_STRING',
    );
    expect(message).not.toContain('hunter2');
  });
});
