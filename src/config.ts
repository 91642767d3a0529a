import { readFileSync } from 'node:fs';
import { z } from 'zod';
import {
  DEFAULT_AFTERCARE_ITEMS,
  aftercareItemsFileSchema,
  type AftercareItem,
} from './aftercare/aftercareItems';

/** Thrown when the environment holds a bad value; its message is one line naming the variable. */
export class ConfigError extends Error {}

const csv = z
  .string()
  .default('')
  .transform((s) =>
    s
      .split(',')
      .map((p) => p.trim())
      .filter((p) => p.length > 0),
  );

const intInRange = (min: number, max: number, fallback: number) =>
  z.coerce
    .number({ error: `must be a whole number from ${min} to ${max}` })
    .int(`must be a whole number from ${min} to ${max}`)
    .min(min, `must be a whole number from ${min} to ${max}`)
    .max(max, `must be a whole number from ${min} to ${max}`)
    .default(fallback);

const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const hhmm = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Text on one line (a parser's message may quote a file's line breaks). */
const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

/** Where in the items file a problem is: `items[2] ("mim").due.days`, or `the file` for the whole of it. */
function placeIn(json: unknown, path: PropertyKey[]): string {
  if (path.length === 0) return 'the file';
  const items = (json as { items?: unknown }).items;
  return path
    .map((key, i) => {
      if (typeof key !== 'number') return `${i === 0 ? '' : '.'}${String(key)}`;
      const id =
        i === 1 && Array.isArray(items) ? (items[key] as { id?: unknown } | undefined)?.id : undefined;
      return typeof id === 'string' ? `[${key}] (${JSON.stringify(id)})` : `[${key}]`;
    })
    .join('');
}

/**
 * AFTERCARE_ITEMS_FILE: the organisation's aftercare checklist, a JSON file `{ "items": [ … ] }` (relative to the
 * working directory), read once at start-up; unset, the default list. What is wrong with it is one issue: a file
 * that is missing or unreadable, not JSON, or not a valid list (the first problem, with where it is).
 */
const aftercareItemsFile = z
  .string()
  .optional()
  .transform((file, ctx): readonly AftercareItem[] => {
    if (file === undefined) return DEFAULT_AFTERCARE_ITEMS;
    const refuse = (message: string) => {
      ctx.addIssue({ code: 'custom', message: oneLine(message) });
      return z.NEVER;
    };
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? 'unknown error';
      if (code === 'ENOENT') return refuse(`names a file that does not exist: ${file}`);
      if (code === 'EISDIR') return refuse(`names a folder, not a file: ${file}`);
      return refuse(`names a file that cannot be read (${code}): ${file}`);
    }
    let json: unknown;
    try {
      // A byte order mark (left by some Windows editors) is no reason to refuse the file.
      json = JSON.parse(text.replace(/^\uFEFF/, ''));
    } catch (err) {
      return refuse(`is not valid JSON (${err instanceof Error ? err.message : 'parse error'}): ${file}`);
    }
    const parsed = aftercareItemsFileSchema.safeParse(json);
    if (parsed.success) return parsed.data.items;
    const issue = parsed.error.issues[0];
    const place = issue && typeof json === 'object' && json !== null ? placeIn(json, issue.path) : 'the file';
    return refuse(`is not a valid checklist: ${place}: ${issue?.message ?? 'invalid'} (${file})`);
  });

const envSchema = z.object({
  PORT: intInRange(1, 65535, 3978),
  HOST: z.string().min(1).default('0.0.0.0'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  MAX_BODY_BYTES: intInRange(1024, 4 * 1024 * 1024, 256 * 1024),

  MicrosoftAppId: z.union([z.literal(''), z.string().regex(guid, 'must be a GUID')]).default(''),
  MicrosoftAppPassword: z.string().default(''),
  MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),
  MicrosoftAppTenantId: z.union([z.literal(''), z.string().regex(guid, 'must be a GUID')]).default(''),
  BOT_OPENID_METADATA_URL: z.union([z.literal(''), z.url()]).default(''),

  ALLOWED_TENANTS: csv.pipe(z.array(z.string().regex(guid, 'must be a comma-separated list of GUIDs'))),
  ADMIN_IDS: csv.pipe(z.array(z.string().min(1))),
  AANDACHTSFUNCTIONARIS_IDS: csv.pipe(z.array(z.string().min(1))),

  AZURE_STORAGE_CONNECTION_STRING: z.string().default(''),
  STORAGE_PREFIX: z
    .string()
    .regex(/^[a-z0-9]{0,20}$/, 'must be lowercase letters and digits, at most 20')
    .default('baken'),
  DATA_DIR: z.string().min(1).default('.data'),

  ORG_NAME: z.string().max(100).default(''),
  ORG_MELDPUNT: z.string().min(1).max(200).default('het meldpunt van je organisatie'),
  ORG_MELDPUNT_CONTACT: z.string().max(200).default(''),
  ORG_VERTROUWENSPERSOON: z.string().min(1).max(200).default('de vertrouwenspersoon van je organisatie'),
  ORG_PROTOCOL_URL: z.union([z.literal(''), z.url({ protocol: /^https?$/ })]).default(''),
  ORG_MELDCODE_URL: z.union([z.literal(''), z.url({ protocol: /^https?$/ })]).default(''),

  ESCALATION_REMIND_MINUTES: intInRange(1, 24 * 60, 30),
  ESCALATION_REMIND_ACUUT_MINUTES: intInRange(1, 24 * 60, 10),
  ESCALATION_MAX_REMINDERS: intInRange(0, 10, 2),
  MELDCODE_DECISION_DAYS: intInRange(1, 60, 5),
  SCHEDULER_INTERVAL_SECONDS: intInRange(1, 3600, 30),
  OUTBOX_ALERT_MINUTES: intInRange(1, 24 * 60, 15),
  APPLICATIONINSIGHTS_CONNECTION_STRING: z
    .string()
    .default('')
    .refine(
      (s) => s === '' || /(^|;)\s*InstrumentationKey\s*=\s*[0-9a-f-]{36}\s*(;|$)/i.test(s),
      'must be an Application Insights connection string (InstrumentationKey=…;IngestionEndpoint=…)',
    ),
  INSTANCE_ID: z
    .string()
    .regex(
      /^[A-Za-z0-9._:-]{0,60}$/,
      'must be at most 60 letters, digits, dots, dashes, colons or underscores',
    )
    .default(''),

  ATTACHMENT_HOSTS: csv.pipe(z.array(z.string().min(1))),
  EVIDENCE_MAX_BYTES: intInRange(1024, 20 * 1024 * 1024, 5 * 1024 * 1024),
  PUBLIC_URL: z.union([z.literal(''), z.url()]).default(''),

  TEST_PAUSE_BEFORE_WRITE_MS: intInRange(0, 5000, 0),
  DEV_DEMO_TEAM: z
    .string()
    .default('')
    .transform((raw, ctx) => {
      if (raw.trim() === '') return undefined;
      try {
        const parsed = devDemoTeamSchema.safeParse(JSON.parse(raw));
        if (parsed.success) return parsed.data;
      } catch {
        // reported below
      }
      ctx.addIssue({ code: 'custom', message: 'must be JSON: {teamId, channelId, channelName, managers}' });
      return z.NEVER;
    }),
  HEAP_GROWING_PERCENT: intInRange(0, 300, 50),
  RETENTION_DAYS: intInRange(1, 3650, 365),
  OFFICE_HOURS: z
    .string()
    .default('08:00-17:00')
    .refine((s) => {
      const [from, to, extra] = s.split('-');
      if (extra !== undefined) return false;
      return from !== undefined && to !== undefined && hhmm.test(from) && hhmm.test(to) && from < to;
    }, 'must look like 08:00-17:00'),
  TIMEZONE: z
    .string()
    .default('Europe/Amsterdam')
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat('nl-NL', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'must be an IANA time zone such as Europe/Amsterdam'),
  AFTERCARE_ITEMS_FILE: aftercareItemsFile,
});

/** Teams' own attachment hosts: the only places the bot's token may be sent. */
export const DEFAULT_ATTACHMENT_HOSTS = [
  'smba.trafficmanager.net',
  '*.smba.trafficmanager.net',
  'us-api.asm.skype.com',
  '*.asm.skype.com',
  '*.teams.microsoft.com',
];

/** What the content says for the organisation when none is configured ("Vraag hoe dat bij je organisatie gaat"). */
export const DEFAULT_ORG_NAME = 'je organisatie';

/** The demo team `npm run dev` prepares: its managers and escalation channel, set when Baken arrives in it. */
const devDemoTeamSchema = z.object({
  teamId: z.string().min(1).max(200),
  channelId: z.string().min(1).max(200),
  channelName: z.string().min(1).max(100),
  managers: z.array(z.object({ aadObjectId: z.string().min(1).max(100), name: z.string().max(200) })).min(1),
});
/** The demo team of a local development run. */
export type DevDemoTeam = z.infer<typeof devDemoTeamSchema>;

/** The organisation settings that the content shows where a seed says meldpunt, vertrouwenspersoon or protocol. */
export interface OrgSettings {
  /** The organisation's name as it reads mid-sentence: the configured name, or "je organisatie". */
  name: string;
  /** The configured name only (a title or the app package needs a real name, not "je organisatie"). */
  configuredName: string;
  meldpunt: string;
  meldpuntContact: string;
  vertrouwenspersoon: string;
  /** The aggression or incident protocol (harassment of staff). */
  protocolUrl: string;
  /** The organisation's Meldcode huiselijk geweld en kindermishandeling (client flows). */
  meldcodeUrl: string;
}

/** The whole typed configuration of one Baken process. */
export interface Config {
  port: number;
  host: string;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  maxBodyBytes: number;
  /** Local mode: no app id. Inbound auth is off and the embedded storage may be used. */
  localMode: boolean;
  /** Set by `npm run dev` only (local mode): the Playground's team, made ready when Baken arrives in it. */
  devDemoTeam?: DevDemoTeam;
  bot: {
    appId: string;
    appPassword: string;
    appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
    tenantId: string;
    openIdMetadataUrl: string;
  };
  allowedTenants: string[];
  adminIds: string[];
  storage: { connectionString: string; prefix: string; dataDir: string };
  org: OrgSettings;
  escalation: {
    remindMinutes: number;
    remindAcuutMinutes: number;
    maxReminders: number;
    /** Entra object ids of the organisation's aandachtsfunctionarissen (Meldcode): notices name them so. */
    aandachtsfunctionarisIds: string[];
    /** Days after pick-up without a Meldcode decision before the follow-up reminder (client escalations). */
    meldcodeDecisionDays: number;
  };
  schedulerIntervalSeconds: number;
  /** Admins are told 1:1 when an outbox entry waits longer than this (minutes). */
  outboxAlertMinutes: number;
  /** Application Insights: unset (''), nothing is measured or sent and the SDK is not loaded. */
  telemetry: { connectionString: string };
  /**
   * This instance's stable name, or '' for a random one per process. With a stable name a restarted instance takes
   * up its own sends that were in flight when it died at once, instead of after the claim lease (2 minutes). Two
   * running instances must never share one.
   */
  instanceId: string;
  evidence: { attachmentHosts: string[]; maxBytes: number; publicUrl: string };
  retentionDays: number;
  /** Test hook (local mode only): pause between the read and the write of record updates. */
  testPauseBeforeWriteMs: number;
  /**
   * How far V8 lets the heap grow past the live data before a full collection, in percent (0: V8 decides, up to
   * 4×). A small factor keeps memory flat under bursts of turns at a few percent of CPU (docs/performance.md).
   */
  heapGrowingPercent: number;
  officeHours: { from: string; to: string };
  timeZone: string;
  /** The aftercare checklist's items (AFTERCARE_ITEMS_FILE, or the default list); copied into each new checklist. */
  aftercareItems: readonly AftercareItem[];
}

/** Parses the environment into a Config, or throws a ConfigError naming the first bad variable. */
export function parseConfig(env: NodeJS.ProcessEnv): Config {
  const cleaned: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && value.trim() !== '') cleaned[key] = value.trim();
  }
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    const issue = result.error.issues[0];
    const name = issue?.path[0]?.toString() ?? 'environment';
    throw new ConfigError(`Configuration error: ${name} ${issue?.message ?? 'is invalid'}`);
  }
  const e = result.data;
  const localMode = e.MicrosoftAppId === '';
  if (!localMode && e.AZURE_STORAGE_CONNECTION_STRING === '') {
    throw new ConfigError(
      'Configuration error: AZURE_STORAGE_CONNECTION_STRING is required when MicrosoftAppId is set (the embedded storage is for local mode only)',
    );
  }
  if (!localMode && e.MicrosoftAppType !== 'UserAssignedMSI' && e.MicrosoftAppPassword === '') {
    throw new ConfigError('Configuration error: MicrosoftAppPassword is required when MicrosoftAppId is set');
  }
  if (e.MicrosoftAppType === 'SingleTenant' && e.MicrosoftAppTenantId === '') {
    throw new ConfigError(
      'Configuration error: MicrosoftAppTenantId is required when MicrosoftAppType is SingleTenant',
    );
  }
  if (!localMode && e.DEV_DEMO_TEAM) {
    throw new ConfigError(
      'Configuration error: DEV_DEMO_TEAM is for `npm run dev` and only allowed in local mode',
    );
  }
  if (!localMode && e.TEST_PAUSE_BEFORE_WRITE_MS > 0) {
    throw new ConfigError(
      'Configuration error: TEST_PAUSE_BEFORE_WRITE_MS is a test hook and only allowed in local mode',
    );
  }
  const allowedTenants = [...e.ALLOWED_TENANTS];
  if (e.MicrosoftAppTenantId !== '' && !allowedTenants.includes(e.MicrosoftAppTenantId)) {
    allowedTenants.push(e.MicrosoftAppTenantId);
  }
  if (!localMode && allowedTenants.length === 0) {
    throw new ConfigError(
      'Configuration error: ALLOWED_TENANTS must name at least one tenant when MicrosoftAppId is set',
    );
  }
  const [from = '08:00', to = '17:00'] = e.OFFICE_HOURS.split('-');
  return {
    port: e.PORT,
    host: e.HOST,
    logLevel: e.LOG_LEVEL,
    maxBodyBytes: e.MAX_BODY_BYTES,
    localMode,
    bot: {
      appId: e.MicrosoftAppId,
      appPassword: e.MicrosoftAppPassword,
      appType: e.MicrosoftAppType,
      tenantId: e.MicrosoftAppTenantId,
      openIdMetadataUrl: e.BOT_OPENID_METADATA_URL,
    },
    allowedTenants,
    adminIds: e.ADMIN_IDS,
    devDemoTeam: e.DEV_DEMO_TEAM,
    storage: {
      connectionString: e.AZURE_STORAGE_CONNECTION_STRING,
      prefix: e.STORAGE_PREFIX,
      dataDir: e.DATA_DIR,
    },
    org: {
      name: e.ORG_NAME.trim() || DEFAULT_ORG_NAME,
      configuredName: e.ORG_NAME.trim(),
      meldpunt: e.ORG_MELDPUNT,
      meldpuntContact: e.ORG_MELDPUNT_CONTACT,
      vertrouwenspersoon: e.ORG_VERTROUWENSPERSOON,
      protocolUrl: e.ORG_PROTOCOL_URL,
      meldcodeUrl: e.ORG_MELDCODE_URL,
    },
    escalation: {
      remindMinutes: e.ESCALATION_REMIND_MINUTES,
      remindAcuutMinutes: e.ESCALATION_REMIND_ACUUT_MINUTES,
      maxReminders: e.ESCALATION_MAX_REMINDERS,
      aandachtsfunctionarisIds: e.AANDACHTSFUNCTIONARIS_IDS,
      meldcodeDecisionDays: e.MELDCODE_DECISION_DAYS,
    },
    schedulerIntervalSeconds: e.SCHEDULER_INTERVAL_SECONDS,
    outboxAlertMinutes: e.OUTBOX_ALERT_MINUTES,
    telemetry: { connectionString: e.APPLICATIONINSIGHTS_CONNECTION_STRING },
    instanceId: e.INSTANCE_ID,
    evidence: {
      attachmentHosts: e.ATTACHMENT_HOSTS.length > 0 ? e.ATTACHMENT_HOSTS : DEFAULT_ATTACHMENT_HOSTS,
      maxBytes: e.EVIDENCE_MAX_BYTES,
      publicUrl: e.PUBLIC_URL,
    },
    retentionDays: e.RETENTION_DAYS,
    testPauseBeforeWriteMs: e.TEST_PAUSE_BEFORE_WRITE_MS,
    heapGrowingPercent: e.HEAP_GROWING_PERCENT,
    officeHours: { from, to },
    timeZone: e.TIMEZONE,
    aftercareItems: e.AFTERCARE_ITEMS_FILE,
  };
}

/** Loads `.env` (when present) into the environment and parses it. The only reader of process.env. */
export function loadConfig(): Config {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('dotenv').config({ quiet: true });
  return parseConfig(process.env);
}
