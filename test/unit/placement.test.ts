// Placement rules of the source tree, read from the imports themselves: what runs in production (src/, dialogs/,
// cards/) uses only production dependencies and no tooling or test code, domain code imports no card file, and the
// Bot Framework SDK is imported only at the edge (src/edge/) and, botbuilder-dialogs alone, in dialogs/.
import { readdirSync, readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import path from 'node:path';
import ts from 'typescript';

const ROOT = path.resolve(__dirname, '..', '..');
/** The folders `npm run build` compiles into dist/, which `npm start` runs. */
const RUNTIME_DIRS = ['src', 'dialogs', 'cards'];
/** Folders production code must never import from. */
const OFF_LIMITS_DIRS = ['test', 'scripts', 'bench'];
/**
 * Files under src/ that may import cards: they answer or send with a card (the Teams edge and router, a feature's
 * handlers beside its registration, delivery, views).
 */
const MAY_IMPORT_CARDS = [
  /^src\/edge\//,
  /^src\/bot\//,
  /^src\/[a-z]+\/[a-z][A-Za-z]*(Handlers|Actions|Commands?)\.ts$/,
  /^src\/delivery\//,
  /^src\/.*Views\.ts$/,
  /^src\/.*Delivery\.ts$/,
];

/** The Bot Framework SDK's packages (botbuilder, botbuilder-dialogs, botframework-connector, …). */
const SDK_PACKAGE = /^(botbuilder|botframework)(-|$)/;
/** The one folder where the SDK may be imported (the adapter, the turn mapping, proactive sends). */
const SDK_EDGE = 'src/edge/';
/** The folder of the flow runner's dialog adapter, which may import botbuilder-dialogs (and no other SDK package). */
const DIALOGS_DIR = 'dialogs/';

/** Why an import of an SDK package is misplaced, if it is. */
function sdkProblem(file: string, name: string): string | undefined {
  if (!SDK_PACKAGE.test(name) || file.startsWith(SDK_EDGE)) return undefined;
  if (file.startsWith(DIALOGS_DIR))
    return name === 'botbuilder-dialogs'
      ? undefined
      : 'dialogs/ may import only botbuilder-dialogs of the SDK';
  return `the Bot Framework SDK is imported only in ${SDK_EDGE}`;
}

interface SourceFile {
  /** Path relative to the repository root, with forward slashes. */
  file: string;
  text: string;
}

interface Packages {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
}

function sourceFiles(dir: string): SourceFile[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return sourceFiles(rel);
    if (!/\.(ts|js|cjs|mjs)$/.test(entry.name)) return [];
    return [{ file: rel, text: readFileSync(path.join(ROOT, rel), 'utf8') }];
  });
}

/** Every module a file names in an import, export … from, require() or import(), as the compiler reads it. */
function importsOf(source: SourceFile): string[] {
  return ts.preProcessFile(source.text, true, true).importedFiles.map((f) => f.fileName);
}

/** The package a bare specifier names: `zod`, `@azure/storage-blob` (also for `botbuilder-dialogs/lib/dialog`). */
function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** One line per import that breaks a placement rule. */
function placementProblems(files: readonly SourceFile[], packages: Packages): string[] {
  const problems: string[] = [];
  for (const source of files) {
    for (const specifier of importsOf(source)) {
      const at = `${source.file} imports '${specifier}'`;
      if (specifier.startsWith('.')) {
        const target = path.posix.normalize(path.posix.join(path.posix.dirname(source.file), specifier));
        const top = target.split('/')[0];
        if (OFF_LIMITS_DIRS.includes(top)) problems.push(`${at}: production code may not use ${top}/`);
        if (
          top === 'cards' &&
          source.file.startsWith('src/') &&
          !MAY_IMPORT_CARDS.some((allowed) => allowed.test(source.file))
        ) {
          problems.push(`${at}: domain code may not import a card file`);
        }
      } else if (!isBuiltin(specifier)) {
        const name = packageOf(specifier);
        const sdk = sdkProblem(source.file, name);
        if (sdk) problems.push(`${at}: ${sdk}`);
        if (name in packages.devDependencies) {
          problems.push(
            `${at}: ${name} is a devDependency, absent where only production dependencies are installed`,
          );
        } else if (!(name in packages.dependencies)) {
          problems.push(`${at}: ${name} is not in the dependencies of package.json`);
        }
      }
    }
  }
  return problems;
}

describe('placement of the source tree', () => {
  const packages = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Packages;

  it('production code uses only production dependencies, no tooling or test code, domain code no cards, and the SDK only at the edge', () => {
    const files = RUNTIME_DIRS.flatMap(sourceFiles);
    expect(files.length).toBeGreaterThan(100);
    expect(placementProblems(files, packages)).toEqual([]);
  });

  it('the rules catch each kind of misplaced import', () => {
    const fixture: SourceFile[] = [
      { file: 'src/teamsPackage/zip.ts', text: "import { zipSync } from 'fflate';" },
      { file: 'src/storage/x.ts', text: "export { thing } from '../../test/support/thing';" },
      { file: 'dialogs/x.ts', text: "const dev = require('../scripts/dev');" },
      { file: 'cards/x.ts', text: "async function f() { await import('@microsoft/app-manifest/x'); }" },
      { file: 'src/flows/flowRun.ts', text: "import { NOTE_MAX_LENGTH } from '../../cards/actions';" },
      { file: 'src/app.ts', text: "import leftpad from 'left-pad';" },
      { file: 'src/bot/router.ts', text: "import type { TurnContext } from 'botbuilder';" },
      {
        file: 'src/platform/x.ts',
        text: "import { AuthenticationConstants } from 'botframework-connector';",
      },
      { file: 'src/bot/x.ts', text: "import { DialogSet } from 'botbuilder-dialogs/lib/dialogSet';" },
      { file: 'dialogs/z.ts', text: "import { CardFactory } from 'botbuilder';" },
      // Allowed: a handler and a view with cards, builtins, production packages, a deep import of one.
      { file: 'src/bot/menu.ts', text: "import type { MenuEntry } from '../../cards/flows/menuCard';" },
      {
        file: 'src/escalation/escalationActions.ts',
        text: "import { messageCard } from '../../cards/messageCard';",
      },
      {
        file: 'src/escalation/escalationViews.ts',
        text: "import { messageCard } from '../../cards/messageCard';",
      },
      { file: 'cards/y.ts', text: "import { z } from 'zod'; import path from 'node:path'; import 'fs';" },
      { file: 'dialogs/y.ts', text: "import { Dialog } from 'botbuilder-dialogs/lib/dialog';" },
      // Allowed: the SDK at the edge, and a card in the edge's card reply.
      { file: 'src/edge/adapter.ts', text: "import { CloudAdapter } from 'botbuilder';" },
      { file: 'src/edge/x.ts', text: "import type { Credentials } from 'botframework-connector';" },
      { file: 'src/edge/cardReply.ts', text: "import type { AdaptiveCard } from '../../cards/cardShell';" },
      // Text that is no import: a comment and a string.
      { file: 'src/z.ts', text: "// import x from '../test/x';\nconst s = \"from '../scripts/y'\";" },
    ];
    expect(placementProblems(fixture, packages)).toEqual([
      "src/teamsPackage/zip.ts imports 'fflate': fflate is a devDependency, absent where only production dependencies are installed",
      "src/storage/x.ts imports '../../test/support/thing': production code may not use test/",
      "dialogs/x.ts imports '../scripts/dev': production code may not use scripts/",
      "cards/x.ts imports '@microsoft/app-manifest/x': @microsoft/app-manifest is a devDependency, absent where only production dependencies are installed",
      "src/flows/flowRun.ts imports '../../cards/actions': domain code may not import a card file",
      "src/app.ts imports 'left-pad': left-pad is not in the dependencies of package.json",
      "src/bot/router.ts imports 'botbuilder': the Bot Framework SDK is imported only in src/edge/",
      "src/platform/x.ts imports 'botframework-connector': the Bot Framework SDK is imported only in src/edge/",
      "src/bot/x.ts imports 'botbuilder-dialogs/lib/dialogSet': the Bot Framework SDK is imported only in src/edge/",
      "dialogs/z.ts imports 'botbuilder': dialogs/ may import only botbuilder-dialogs of the SDK",
    ]);
  });
});
