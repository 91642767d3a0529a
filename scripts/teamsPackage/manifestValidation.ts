// Offline validation of a Teams app manifest: the official JSON schema bundled in @microsoft/app-manifest,
// plus the Teams rules that schema does not express, plus icon checks on the PNG bytes.
import { readFileSync } from 'fs';
import path from 'path';
import { AppManifestUtils, type AppManifest } from '@microsoft/app-manifest';
import type { JSONSchemaType } from 'ajv';
import { decodePng, PngError } from './png';

/** The manifest schema version the Baken template targets: the newest one @microsoft/app-manifest bundles. */
export const MANIFEST_VERSION = '1.30';

/** Pixel sizes Teams requires for the two app icons. */
export const ICON_SIZES = { color: 192, outline: 32 } as const;

/** Which app icon a PNG is meant to be. */
export type IconKind = keyof typeof ICON_SIZES;

// Older Teams clients cut bot command titles and descriptions at these lengths (schemas up to v1.27
// enforced them); newer schemas allow more, so we keep to the stricter limit.
const MAX_COMMAND_TITLE = 32;
const MAX_COMMAND_DESCRIPTION = 128;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;
const PLACEHOLDER = /\$\{\{[^}]*\}\}/;

/** Path of the official Teams manifest JSON schema of `version` inside the installed @microsoft/app-manifest. */
export function bundledSchemaPath(version: string): string {
  if (!/^(\d+\.\d+|DevPreview)$/.test(version)) throw new Error(`invalid manifest version "${version}"`);
  const packageDir = path.dirname(require.resolve('@microsoft/app-manifest/package.json'));
  return path.join(packageDir, 'build', 'json-schemas', 'teams', `v${version}`, 'MicrosoftTeams.schema.json');
}

const schemaCache = new Map<string, JSONSchemaType<AppManifest>>();

/** Loads the bundled Teams manifest schema of `version` from disk; never touches the network. */
export function loadBundledSchema(version: string): JSONSchemaType<AppManifest> {
  const cached = schemaCache.get(version);
  if (cached) return cached;
  const file = bundledSchemaPath(version);
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch {
    throw new Error(`@microsoft/app-manifest bundles no Teams manifest schema v${version} (${file})`);
  }
  // Same clean-up the library applies: some published schemas carry \a and \v escapes in regexes,
  // which JSON.parse accepts as text but ajv's RegExp rejects.
  const cleaned = raw.replace(/\\a/g, '\\u0007').replace(/\\v/g, '\\u000b');
  const schema = JSON.parse(cleaned) as JSONSchemaType<AppManifest>;
  schemaCache.set(version, schema);
  return schema;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function records(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

function findPlaceholders(value: unknown, at: string, found: string[]): void {
  if (typeof value === 'string') {
    if (PLACEHOLDER.test(value)) found.push(`${at || '/'} still holds a placeholder: ${value}`);
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => findPlaceholders(item, `${at}/${i}`, found));
  } else if (isRecord(value)) {
    for (const [key, item] of Object.entries(value)) findPlaceholders(item, `${at}/${key}`, found);
  }
}

/** Teams rules that the JSON schema leaves out: ids, semver, unfilled placeholders, command lists. */
export function checkTeamsRules(manifest: Record<string, unknown>): string[] {
  const errors: string[] = [];
  findPlaceholders(manifest, '', errors);
  if (typeof manifest.version !== 'string' || !SEMVER.test(manifest.version)) {
    errors.push(`/version must be a semantic version like 1.0.0, got ${JSON.stringify(manifest.version)}`);
  }
  const version = manifest.manifestVersion;
  const schemaUrl = manifest.$schema;
  if (
    typeof schemaUrl !== 'string' ||
    !schemaUrl.endsWith(`/teams/v${String(version)}/MicrosoftTeams.schema.json`)
  ) {
    errors.push(
      `/$schema must point at the Teams schema v${String(version)}, got ${JSON.stringify(schemaUrl)}`,
    );
  }
  records(manifest.bots).forEach((bot, b) => {
    const botScopes = Array.isArray(bot.scopes) ? bot.scopes : [];
    const listed = new Set<unknown>();
    records(bot.commandLists).forEach((list, l) => {
      for (const scope of Array.isArray(list.scopes) ? list.scopes : []) {
        if (!botScopes.includes(scope)) {
          errors.push(`/bots/${b}/commandLists/${l} lists scope ${String(scope)} that the bot does not have`);
        }
        if (listed.has(scope))
          errors.push(`/bots/${b}/commandLists has more than one list for ${String(scope)}`);
        listed.add(scope);
      }
      const titles = new Set<string>();
      records(list.commands).forEach((command, c) => {
        const at = `/bots/${b}/commandLists/${l}/commands/${c}`;
        const title = typeof command.title === 'string' ? command.title : '';
        if (title.trim() === '') errors.push(`${at}/title must not be empty`);
        if (title.length > MAX_COMMAND_TITLE) errors.push(`${at}/title is longer than ${MAX_COMMAND_TITLE}`);
        if (titles.has(title)) errors.push(`${at}/title "${title}" appears twice`);
        titles.add(title);
        if (typeof command.description !== 'string' || command.description.trim() === '') {
          errors.push(`${at}/description must not be empty`);
        } else if (command.description.length > MAX_COMMAND_DESCRIPTION) {
          errors.push(`${at}/description is longer than ${MAX_COMMAND_DESCRIPTION}`);
        }
      });
    });
  });
  return errors;
}

/**
 * Validates a filled-in manifest against the bundled official schema for its manifestVersion and the
 * Teams rules above; returns one readable line per problem, or [] when it is valid.
 */
export async function validateManifest(manifest: unknown): Promise<string[]> {
  if (!isRecord(manifest)) return ['the manifest must be a JSON object'];
  const version = manifest.manifestVersion;
  if (typeof version !== 'string') return ['/manifestVersion is missing'];
  let schema: JSONSchemaType<AppManifest>;
  try {
    schema = loadBundledSchema(version);
  } catch (err) {
    return [`/manifestVersion ${(err as Error).message}`];
  }
  // Passing the schema explicitly keeps this offline: without it the library resolves $schema and may fetch it.
  const schemaErrors = await AppManifestUtils.validateAgainstSchema(
    manifest as unknown as AppManifest,
    schema,
  );
  return [...schemaErrors.map((e) => e.trim()), ...checkTeamsRules(manifest)];
}

/** Checks that the bot id fills the app id and every bot's botId; returns problems, or []. */
export function checkBotId(manifest: Record<string, unknown>, botId: string): string[] {
  const errors: string[] = [];
  if (!GUID.test(botId)) errors.push(`the bot id must be a GUID, got "${botId}"`);
  if (manifest.id !== botId) errors.push(`/id must be the bot id ${botId}`);
  const bots = records(manifest.bots);
  if (bots.length === 0) errors.push('/bots must hold the Baken bot');
  bots.forEach((bot, i) => {
    if (bot.botId !== botId) errors.push(`/bots/${i}/botId must be the bot id ${botId}`);
  });
  return errors;
}

/**
 * Checks an app icon's PNG bytes: the size Teams requires and, for the outline icon, that every
 * visible pixel is white (only alpha varies) on a transparent background. Returns problems, or [].
 */
export async function checkIcon(kind: IconKind, png: Uint8Array): Promise<string[]> {
  const size = ICON_SIZES[kind];
  const errors: string[] = [];
  try {
    const image = await decodePng(png);
    if (image.width !== size || image.height !== size) {
      errors.push(`${kind} icon must be ${size}×${size} pixels, got ${image.width}×${image.height}`);
    }
    if (kind === 'outline') {
      let visible = 0;
      let transparent = 0;
      let coloured = 0;
      for (let i = 0; i < image.rgba.length; i += 4) {
        const alpha = image.rgba[i + 3];
        if (alpha === 0) {
          transparent++;
        } else {
          visible++;
          if (image.rgba[i] !== 255 || image.rgba[i + 1] !== 255 || image.rgba[i + 2] !== 255) coloured++;
        }
      }
      if (coloured > 0)
        errors.push(`outline icon must be white only: ${coloured} visible pixels are not white`);
      if (transparent === 0) errors.push('outline icon must have a transparent background');
      if (visible === 0) errors.push('outline icon is fully transparent');
    }
  } catch (err) {
    if (err instanceof PngError) errors.push(`${kind} icon is not a readable PNG: ${err.message}`);
    else throw err;
  }
  return errors;
}
