// Builds the Teams app package (build/baken.zip): fills manifest/manifest.json, validates it offline,
// checks the icons and zips manifest.json, color.png and outline.png at the archive root.
import { mkdirSync, readFileSync, writeFileSync } from 'fs';
import path from 'path';
import { unzipSync, zipSync, type Zippable } from 'fflate';
import type { Config } from '../../src/config';
import { fillTemplate } from './manifestTemplate';
import { checkBotId, checkIcon, validateManifest, type IconKind } from './manifestValidation';

/** Thrown when the package cannot be built; the message is meant for the person running `npm run package`. */
export class PackageError extends Error {}

/** Where to read the template and icons, where to write the zip, and which config fills it. */
export interface PackageOptions {
  config: Config;
  /** Folder holding manifest.json and the icons; defaults to `<repo>/manifest`. */
  manifestDir?: string;
  /** The zip to write; defaults to `<repo>/build/baken.zip`. */
  outFile?: string;
  /** The app version; defaults to the version in `<repo>/package.json`. */
  appVersion?: string;
}

/** What `buildTeamsPackage` wrote. */
export interface PackageResult {
  outFile: string;
  manifest: Record<string, unknown>;
  bytes: number;
}

const REPO_ROOT = path.resolve(__dirname, '..', '..');

/**
 * One fixed time for every zip entry, so the same input gives the same bytes: 1980-01-01 00:00, the first time a
 * zip can hold. Local time, because zip entries store local time.
 */
const ZIP_TIME = new Date(1980, 0, 1);

/** Short form of the placeholder developer URLs in the template, so the script can warn about them. */
export const PLACEHOLDER_DEVELOPER_HOST = 'example.org';

function readRequired(file: string, what: string): Buffer {
  try {
    return readFileSync(file);
  } catch {
    throw new PackageError(`${what} not found: ${file}`);
  }
}

function fail(title: string, problems: string[]): never {
  throw new PackageError(`${title}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
}

function iconFile(manifest: Record<string, unknown>, kind: IconKind): string {
  const icons = manifest.icons;
  const name =
    typeof icons === 'object' && icons !== null ? (icons as Record<string, unknown>)[kind] : undefined;
  if (typeof name !== 'string' || name.includes('/') || name.includes('\\')) {
    throw new PackageError(
      `icons.${kind} must name a file next to manifest.json, got ${JSON.stringify(name)}`,
    );
  }
  return name;
}

/** Zips the entries in order at the archive root: PNGs stored (they are compressed already), the rest deflated. */
function zipEntries(entries: ReadonlyMap<string, Uint8Array>): Uint8Array {
  const files: Zippable = {};
  for (const [name, data] of entries) files[name] = [data, { level: name.endsWith('.png') ? 0 : 9 }];
  return zipSync(files, { mtime: ZIP_TIME });
}

/** Builds, validates and writes the Teams app zip; throws a PackageError saying what to fix. */
export async function buildTeamsPackage(options: PackageOptions): Promise<PackageResult> {
  const botId = options.config.bot.appId;
  if (botId === '') {
    throw new PackageError(
      'MicrosoftAppId must be set (in .env or the environment) to build the Teams app package.',
    );
  }
  const manifestDir = options.manifestDir ?? path.join(REPO_ROOT, 'manifest');
  const outFile = options.outFile ?? path.join(REPO_ROOT, 'build', 'baken.zip');
  const appVersion =
    options.appVersion ??
    (
      JSON.parse(readRequired(path.join(REPO_ROOT, 'package.json'), 'package.json').toString('utf8')) as {
        version: string;
      }
    ).version;

  const templateFile = path.join(manifestDir, 'manifest.json');
  let template: unknown;
  try {
    template = JSON.parse(readRequired(templateFile, 'manifest template').toString('utf8'));
  } catch (err) {
    if (err instanceof PackageError) throw err;
    throw new PackageError(`${templateFile} is not valid JSON: ${(err as Error).message}`);
  }
  let filled: unknown;
  try {
    filled = fillTemplate(template, {
      BOT_ID: botId,
      APP_VERSION: appVersion,
      DEVELOPER_NAME: options.config.org.configuredName || 'Baken',
    });
  } catch (err) {
    throw new PackageError(`${templateFile}: ${(err as Error).message}`);
  }
  const manifestErrors = await validateManifest(filled);
  if (manifestErrors.length > 0) {
    const hints = manifestErrors.some((e) => e.startsWith('/developer/name'))
      ? ['developer.name is ORG_NAME from the configuration: keep it at most 32 characters']
      : [];
    fail('The Teams manifest is not valid', [...manifestErrors, ...hints]);
  }
  const manifest = filled as Record<string, unknown>;
  const idErrors = checkBotId(manifest, botId);
  if (idErrors.length > 0) fail('The bot id is not filled in everywhere', idErrors);

  const entries = new Map<string, Uint8Array>([
    ['manifest.json', Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8')],
  ]);
  const iconErrors: string[] = [];
  for (const kind of ['color', 'outline'] as const) {
    const name = iconFile(manifest, kind);
    const png = readRequired(path.join(manifestDir, name), `${kind} icon`);
    iconErrors.push(...(await checkIcon(kind, png)));
    entries.set(name, png);
  }
  if (iconErrors.length > 0) fail('The app icons are not valid', iconErrors);

  const zip = zipEntries(entries);
  // Read our own output back, so a broken archive never leaves this function.
  const unzipped = Object.entries(unzipSync(zip));
  const intact =
    unzipped.length === entries.size &&
    unzipped.every(([name, data]) => Buffer.from(data).equals(entries.get(name) ?? Buffer.alloc(0)));
  if (!intact) {
    throw new PackageError(
      `the written zip holds ${unzipped.map(([name]) => name).join(', ')} instead of the expected files`,
    );
  }
  mkdirSync(path.dirname(outFile), { recursive: true });
  writeFileSync(outFile, zip);
  return { outFile, manifest, bytes: zip.length };
}
