import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import os from 'os';
import path from 'path';
import { crc32, deflateSync } from 'zlib';
import { AppManifestUtils, type AppManifest } from '@microsoft/app-manifest';
import { unzipSync } from 'fflate';
import { PNG } from 'pngjs';
import { parseConfig, type Config } from '../../src/config';
import { buildTeamsPackage, PackageError } from '../../scripts/teamsPackage/buildPackage';
import {
  bundledSchemaPath,
  checkIcon,
  checkTeamsRules,
  loadBundledSchema,
  MANIFEST_VERSION,
  validateManifest,
} from '../../scripts/teamsPackage/manifestValidation';
import { fillTemplate } from '../../scripts/teamsPackage/manifestTemplate';
import { decodePng, encodePng, PngError, type RgbaImage } from '../../scripts/teamsPackage/png';
import { drawColorIcon, drawOutlineIcon } from '../../scripts/makeIcons';

// @microsoft/app-manifest requires strip-bom 5, which is ESM-only: Node loads it (require(esm)), jest's
// CommonJS runtime cannot. Validation never calls it (it only strips a BOM when the library reads a file),
// so a CommonJS stand-in with the same behaviour is enough here.
jest.mock('strip-bom', () => ({
  __esModule: true,
  default: (text: string): string => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text),
}));

const BOT_ID = '3f2504e0-4f89-11d3-9a0c-0305e82c3301';
const TENANT_ID = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const MANIFEST_DIR = path.resolve(__dirname, '..', '..', 'manifest');

function makeConfig(appId = BOT_ID): Config {
  return parseConfig(
    appId === ''
      ? {}
      : {
          MicrosoftAppId: appId,
          MicrosoftAppPassword: 'test-secret',
          AZURE_STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true',
          ALLOWED_TENANTS: TENANT_ID,
        },
  );
}

function solid(width: number, height: number, rgba: [number, number, number, number]): RgbaImage {
  const data = new Uint8Array(width * height * 4);
  for (let i = 0; i < data.length; i += 4) data.set(rgba, i);
  return { width, height, rgba: data };
}

/** Copies manifest/ to a temp folder so a test can break one file of it. */
function copyManifestDir(tmp: string): string {
  const dir = path.join(tmp, 'manifest');
  cpSync(MANIFEST_DIR, dir, { recursive: true });
  return dir;
}

function readJson(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
}

interface CommandList {
  scopes: string[];
  commands: { title: string; description?: string }[];
}
interface Bot {
  botId: string;
  scopes: string[];
  supportsFiles?: boolean;
  isNotificationOnly?: boolean;
  commandLists: CommandList[];
}

let tmp: string;
beforeEach(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'baken-package-'));
});
afterEach(() => {
  rmSync(tmp, { recursive: true, force: true });
  jest.restoreAllMocks();
});

describe('npm run package: the Teams app zip', () => {
  async function buildAndUnzip(): Promise<Map<string, Buffer>> {
    const outFile = path.join(tmp, 'baken.zip');
    const result = await buildTeamsPackage({ config: makeConfig(), outFile });
    expect(result.outFile).toBe(outFile);
    return new Map(
      Object.entries(unzipSync(readFileSync(outFile))).map(([name, data]) => [name, Buffer.from(data)]),
    );
  }

  it('holds exactly manifest.json, color.png and outline.png at the zip root', async () => {
    const files = await buildAndUnzip();
    expect([...files.keys()]).toEqual(['manifest.json', 'color.png', 'outline.png']);
    // The PNGs are stored as they are (compressed already); the manifest is deflated.
    const methods: Record<string, number> = {};
    unzipSync(readFileSync(path.join(tmp, 'baken.zip')), {
      filter: (file) => {
        methods[file.name] = file.compression;
        return false;
      },
    });
    expect(methods).toEqual({ 'manifest.json': 8, 'color.png': 0, 'outline.png': 0 });
    expect(files.get('color.png')).toEqual(readFileSync(path.join(MANIFEST_DIR, 'color.png')));
    expect(files.get('outline.png')).toEqual(readFileSync(path.join(MANIFEST_DIR, 'outline.png')));
  });

  it('builds offline: no fetch while validating', async () => {
    const fetchSpy = jest
      .spyOn(globalThis, 'fetch')
      .mockRejectedValue(new Error('network is off in this test'));
    await buildAndUnzip();
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('writes a manifest that passes the official bundled schema', async () => {
    const manifest = JSON.parse(
      (await buildAndUnzip()).get('manifest.json')?.toString('utf8') ?? '',
    ) as Record<string, unknown>;
    expect(MANIFEST_VERSION).toBe('1.30');
    expect(manifest.manifestVersion).toBe(MANIFEST_VERSION);
    expect(manifest.$schema).toBe(
      `https://developer.microsoft.com/json-schemas/teams/v${MANIFEST_VERSION}/MicrosoftTeams.schema.json`,
    );
    // The schema file really is the one shipped in @microsoft/app-manifest, for exactly this version.
    const schemaFile = bundledSchemaPath(MANIFEST_VERSION);
    expect(schemaFile).toContain(path.join('@microsoft', 'app-manifest', 'build', 'json-schemas', 'teams'));
    const schema = readJson(schemaFile) as { properties: { manifestVersion: { const: string } } };
    expect(schema.properties.manifestVersion.const).toBe(MANIFEST_VERSION);
    // Straight through the library, independent of our wrapper…
    expect(
      await AppManifestUtils.validateAgainstSchema(
        manifest as unknown as AppManifest,
        loadBundledSchema('1.30'),
      ),
    ).toEqual([]);
    // …and through our wrapper with the extra Teams rules.
    expect(await validateManifest(manifest)).toEqual([]);
  });

  it('fills in the bot id everywhere the template asks for it', async () => {
    const text = (await buildAndUnzip()).get('manifest.json')?.toString('utf8') ?? '';
    const manifest = JSON.parse(text) as { id: string; bots: Bot[] };
    expect(text).not.toContain('${{');
    expect(manifest.id).toBe(BOT_ID);
    expect(manifest.bots).toHaveLength(1);
    expect(manifest.bots[0].botId).toBe(BOT_ID);
    const template = readFileSync(path.join(MANIFEST_DIR, 'manifest.json'), 'utf8');
    const placeholders = template.split('${{BOT_ID}}').length - 1;
    expect(placeholders).toBeGreaterThanOrEqual(2);
    expect(text.split(BOT_ID).length - 1).toBe(placeholders);
  });

  it('has both icons at the right size, the outline white on transparent', async () => {
    const files = await buildAndUnzip();
    const color = files.get('color.png') ?? Buffer.alloc(0);
    const outline = files.get('outline.png') ?? Buffer.alloc(0);
    // Decoded by pngjs itself, not through our wrapper.
    expect(PNG.sync.read(color)).toMatchObject({ width: 192, height: 192 });
    expect(PNG.sync.read(outline)).toMatchObject({ width: 32, height: 32 });
    expect(await checkIcon('color', color)).toEqual([]);
    expect(await checkIcon('outline', outline)).toEqual([]);
    const pixels = (await decodePng(outline)).rgba;
    for (let i = 0; i < pixels.length; i += 4) {
      if (pixels[i + 3] > 0) expect([pixels[i], pixels[i + 1], pixels[i + 2]]).toEqual([255, 255, 255]);
    }
    // The colour icon has a solid, opaque background.
    expect((await decodePng(color)).rgba.filter((_v, i) => i % 4 === 3 && _v !== 255)).toHaveLength(0);
  });

  it('describes Baken in Dutch, with Dutch commands per scope', async () => {
    const manifest = JSON.parse((await buildAndUnzip()).get('manifest.json')?.toString('utf8') ?? '') as {
      name: { short: string };
      description: { short: string; full: string };
      localizationInfo: { defaultLanguageTag: string };
      bots: Bot[];
    };
    expect(manifest.name.short).toBe('Baken');
    expect(manifest.localizationInfo.defaultLanguageTag).toBe('nl-nl');
    expect(manifest.description.full).toMatch(/grooming/);
    expect(manifest.description.full).toMatch(/lastiggevallen/);
    const bot = manifest.bots[0];
    expect(bot.scopes).toEqual(['personal', 'team', 'groupChat']);
    expect(bot.supportsFiles).toBe(true);
    expect(bot.isNotificationOnly).toBe(false);
    const titles = (scope: string): string[] =>
      bot.commandLists.find((l) => l.scopes.includes(scope))?.commands.map((c) => c.title) ?? [];
    expect(titles('personal')).toEqual([
      'menu',
      'grooming-check',
      'verliefd',
      'uitbuiting',
      'gesprekstips',
      'grensoverschrijdend',
      'voorkomen',
      'mijn meldingen',
      'nazorg',
      'status',
      'stop',
      'help',
    ]);
    expect(titles('team')).toEqual(['meldkanaal', 'managers', 'testmelding', 'help']);
    const descriptions = bot.commandLists.flatMap((l) => l.commands.map((c) => c.description ?? ''));
    for (const description of [...descriptions, manifest.description.short, manifest.description.full]) {
      expect(description.length).toBeGreaterThan(0);
      expect(description).not.toMatch(/\b(the|and|your|show|with|this|to)\b/i);
    }
    expect(descriptions.join(' ')).toMatch(/\b(je|het|de|van|dit)\b/);
  });

  it('is reproducible: the same input gives the same bytes', async () => {
    const a = path.join(tmp, 'a.zip');
    const b = path.join(tmp, 'b.zip');
    await buildTeamsPackage({ config: makeConfig(), outFile: a });
    // An hour later: the zip entries must not carry the time of the build.
    const later = Date.now() + 3_600_000;
    jest.spyOn(Date, 'now').mockReturnValue(later);
    await buildTeamsPackage({ config: makeConfig(), outFile: b });
    expect(readFileSync(a).equals(readFileSync(b))).toBe(true);
  });

  it('ships the icons that scripts/makeIcons.ts draws', async () => {
    expect(await decodePng(readFileSync(path.join(MANIFEST_DIR, 'color.png')))).toEqual(
      await decodePng(encodePng(drawColorIcon())),
    );
    expect(await decodePng(readFileSync(path.join(MANIFEST_DIR, 'outline.png')))).toEqual(
      await decodePng(encodePng(drawOutlineIcon())),
    );
  });
});

describe('the package build refuses what Teams would refuse', () => {
  it('needs MicrosoftAppId', async () => {
    const outFile = path.join(tmp, 'baken.zip');
    await expect(buildTeamsPackage({ config: makeConfig(''), outFile })).rejects.toThrow(
      /^MicrosoftAppId must be set/,
    );
    expect(existsSync(outFile)).toBe(false);
  });

  it('fails on a manifest with an invalid field, and writes no zip', async () => {
    const manifestDir = copyManifestDir(tmp);
    const template = readJson(path.join(manifestDir, 'manifest.json'));
    writeFileSync(
      path.join(manifestDir, 'manifest.json'),
      JSON.stringify({ ...template, accentColor: 'blauw' }),
    );
    const outFile = path.join(tmp, 'baken.zip');
    const build = buildTeamsPackage({ config: makeConfig(), manifestDir, outFile });
    await expect(build).rejects.toThrow(PackageError);
    await expect(build).rejects.toThrow(/Teams manifest is not valid[\s\S]*\/accentColor must match pattern/);
    expect(existsSync(outFile)).toBe(false);
  });

  it('fails on a colour icon of the wrong size', async () => {
    const manifestDir = copyManifestDir(tmp);
    writeFileSync(path.join(manifestDir, 'color.png'), encodePng(solid(100, 100, [18, 53, 91, 255])));
    const outFile = path.join(tmp, 'baken.zip');
    await expect(buildTeamsPackage({ config: makeConfig(), manifestDir, outFile })).rejects.toThrow(
      /color icon must be 192×192 pixels, got 100×100/,
    );
    expect(existsSync(outFile)).toBe(false);
  });

  it('fails on an outline icon of the wrong size or with colour in it', async () => {
    const manifestDir = copyManifestDir(tmp);
    writeFileSync(path.join(manifestDir, 'outline.png'), encodePng(solid(192, 192, [255, 255, 255, 0])));
    await expect(
      buildTeamsPackage({ config: makeConfig(), manifestDir, outFile: path.join(tmp, 'a.zip') }),
    ).rejects.toThrow(/outline icon must be 32×32 pixels, got 192×192/);

    const red = solid(32, 32, [0, 0, 0, 0]);
    red.rgba.set([224, 72, 72, 255], (16 * 32 + 16) * 4);
    writeFileSync(path.join(manifestDir, 'outline.png'), encodePng(red));
    await expect(
      buildTeamsPackage({ config: makeConfig(), manifestDir, outFile: path.join(tmp, 'b.zip') }),
    ).rejects.toThrow(/outline icon must be white only: 1 visible pixels are not white/);
  });

  it('fails on an icon that is not a PNG', async () => {
    expect(await checkIcon('color', Buffer.from('GIF89a not a png'))).toEqual([
      'color icon is not a readable PNG: Invalid file signature',
    ]);
  });

  it('fails on a placeholder it cannot fill', async () => {
    const manifestDir = copyManifestDir(tmp);
    const template = readJson(path.join(manifestDir, 'manifest.json'));
    writeFileSync(
      path.join(manifestDir, 'manifest.json'),
      JSON.stringify({ ...template, packageName: '${{PACKAGE_NAME}}' }),
    );
    await expect(
      buildTeamsPackage({ config: makeConfig(), manifestDir, outFile: path.join(tmp, 'baken.zip') }),
    ).rejects.toThrow(/uses \$\{\{PACKAGE_NAME\}\}, which has no value/);
  });
});

describe('validateManifest', () => {
  async function validManifest(): Promise<Record<string, unknown>> {
    const template = readJson(path.join(MANIFEST_DIR, 'manifest.json'));
    return fillTemplate(template, {
      BOT_ID,
      APP_VERSION: '1.2.3',
      DEVELOPER_NAME: 'Zorggroep Test',
    }) as Record<string, unknown>;
  }

  it('accepts the filled-in template', async () => {
    expect(await validateManifest(await validManifest())).toEqual([]);
  });

  it('rejects an unknown property, a bad bot scope, a non-GUID bot id and a too-long short name', async () => {
    const manifest = await validManifest();
    const bots = manifest.bots as Bot[];
    const errors = await validateManifest({
      ...manifest,
      kleur: 'blauw',
      name: { short: 'Baken, de bot voor online veiligheid in de zorg' },
      bots: [{ ...bots[0], botId: 'baken-bot', scopes: ['personal', 'iedereen'] }],
    });
    const text = errors.join('\n');
    expect(text).toMatch(/must NOT have additional properties.*kleur/);
    expect(text).toMatch(/\/name\/short must NOT have more than 30 characters/);
    expect(text).toMatch(/\/bots\/0\/botId must match pattern/);
    expect(text).toMatch(/\/bots\/0\/scopes\/1 must be equal to one of the allowed values/);
  });

  it('rejects a manifest version that is not bundled, and missing required fields', async () => {
    const manifest = await validManifest();
    expect(await validateManifest({ ...manifest, manifestVersion: '9.99' })).toEqual([
      expect.stringMatching(/bundles no Teams manifest schema v9\.99/),
    ]);
    const withoutIcons = { ...manifest };
    delete withoutIcons.icons;
    expect((await validateManifest(withoutIcons)).join('\n')).toMatch(/must have required property 'icons'/);
  });

  it('applies the Teams rules the schema leaves out', async () => {
    const manifest = await validManifest();
    const bots = manifest.bots as Bot[];
    const personal = bots[0].commandLists[0];
    const errors = checkTeamsRules({
      ...manifest,
      version: 'v1',
      $schema: 'https://developer.microsoft.com/json-schemas/teams/v1.22/MicrosoftTeams.schema.json',
      bots: [
        {
          ...bots[0],
          scopes: ['personal'],
          commandLists: [
            {
              scopes: ['personal'],
              commands: [
                ...personal.commands,
                { title: 'een veel te lange opdracht voor het menu', description: 'x' },
              ].slice(-2),
            },
            { scopes: ['team'], commands: [{ title: 'help', description: '${{HELP}}' }] },
          ],
        },
      ],
    });
    expect(errors).toEqual(
      expect.arrayContaining([
        '/version must be a semantic version like 1.0.0, got "v1"',
        expect.stringMatching(/^\/\$schema must point at the Teams schema v1\.30/),
        '/bots/0/commandLists/0/commands/1/title is longer than 32',
        '/bots/0/commandLists/1 lists scope team that the bot does not have',
        '/bots/0/commandLists/1/commands/0/description still holds a placeholder: ${{HELP}}',
      ]),
    );
  });
});

describe('png helpers', () => {
  it('round-trips an RGBA image through encodePng and decodePng', async () => {
    const image = solid(3, 2, [1, 2, 3, 4]);
    image.rgba.set([250, 128, 0, 255], 8);
    expect(await decodePng(encodePng(image))).toEqual(image);
    expect(PNG.sync.read(encodePng(image))).toMatchObject({
      width: 3,
      height: 2,
      depth: 8,
      colorType: 6,
      interlace: false,
    });
  });

  it('decodes rows written with every PNG filter type (sub, up, average, paeth)', async () => {
    const width = 4;
    const height = 5;
    const image = solid(width, height, [0, 0, 0, 0]);
    for (let i = 0; i < image.rgba.length; i++) image.rgba[i] = (i * 37 + (i >> 3) * 11) & 0xff;
    const stride = width * 4;
    const px = (y: number, x: number): number => (y < 0 || x < 0 ? 0 : image.rgba[y * stride + x]);
    const paeth = (a: number, b: number, c: number): number => {
      const p = a + b - c;
      const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
      return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    };
    const raw = Buffer.alloc((stride + 1) * height);
    for (let y = 0; y < height; y++) {
      const filter = y; // rows 0..4 use filters 0..4
      raw[y * (stride + 1)] = filter;
      for (let x = 0; x < stride; x++) {
        const a = px(y, x - 4);
        const b = px(y - 1, x);
        const c = px(y - 1, x - 4);
        const predictor = [0, a, b, (a + b) >> 1, paeth(a, b, c)][filter];
        raw[y * (stride + 1) + 1 + x] = (px(y, x) - predictor) & 0xff;
      }
    }
    const chunk = (type: string, data: Buffer): Buffer => {
      const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
      const out = Buffer.alloc(body.length + 8);
      out.writeUInt32BE(data.length, 0);
      body.copy(out, 4);
      out.writeUInt32BE(crc32(body), body.length + 4);
      return out;
    };
    const ihdr = Buffer.from([0, 0, 0, width, 0, 0, 0, height, 8, 6, 0, 0, 0]);
    const png = Buffer.concat([
      encodePng(solid(1, 1, [0, 0, 0, 0])).subarray(0, 8),
      chunk('IHDR', ihdr),
      chunk('IDAT', deflateSync(raw).subarray(0, 10)),
      chunk('IDAT', deflateSync(raw).subarray(10)),
      chunk('IEND', Buffer.alloc(0)),
    ]);
    expect(await decodePng(png)).toEqual(image);
  });

  it('rejects a PNG with a damaged chunk', async () => {
    const png = encodePng(solid(2, 2, [255, 255, 255, 255]));
    png[20] ^= 0xff; // inside IHDR
    await expect(decodePng(png)).rejects.toThrow(PngError);
    await expect(decodePng(png)).rejects.toThrow(/^Crc error/);
  });
});
