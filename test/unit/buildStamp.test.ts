import { appendFileSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildProblem, sourceHash, writeStamp } from '../../scripts/buildStamp.cjs';

/** A project tree with a few sources and, unless told otherwise, a build stamped for exactly them. */
function project(built = true): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'baken-stamp-'));
  const files: Record<string, string> = {
    'src/main.ts': 'export {};\n',
    'src/storage/parentWatchdog.cjs': "'use strict';\n",
    'cards/menuCard.ts': 'export const menu = 1;\n',
    'dialogs/flowDialog.ts': 'export const flow = 1;\n',
    'tsconfig.json': '{}\n',
    'tsconfig.build.json': '{}\n',
  };
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), content);
  }
  if (built) {
    mkdirSync(path.join(root, 'dist', 'src'), { recursive: true });
    writeFileSync(path.join(root, 'dist', 'src', 'main.js'), '');
    writeStamp(path.join(root, 'dist'), sourceHash(root));
  }
  return root;
}

describe('the build stamp npm start checks', () => {
  const roots: string[] = [];
  const make = (built = true) => {
    const root = project(built);
    roots.push(root);
    return root;
  };
  afterAll(() => {
    for (const root of roots) rmSync(root, { recursive: true, force: true });
  });

  it('passes the build of the sources present', () => {
    expect(buildProblem(make())).toBeUndefined();
  });

  it('still passes when every file is newer than the build, as after a git clone (contents count, not times)', () => {
    const root = make();
    const later = new Date(Date.now() + 3_600_000);
    for (const file of ['src/main.ts', 'cards/menuCard.ts', 'dialogs/flowDialog.ts', 'tsconfig.json']) {
      utimesSync(path.join(root, file), later, later);
    }
    expect(buildProblem(root)).toBeUndefined();
  });

  it('refuses, in one line naming npm run build, when there is no build', () => {
    const problem = buildProblem(make(false));
    expect(problem).toMatch(/^Baken cannot start: there is no build in dist\/\. Run `npm run build`/);
    expect(problem).not.toContain('\n');
  });

  it('refuses a stamp without the compiled entry point', () => {
    const root = make();
    rmSync(path.join(root, 'dist', 'src', 'main.js'));
    expect(buildProblem(root)).toMatch(/there is no build/);
  });

  it.each([
    ['a changed source', (root: string) => appendFileSync(path.join(root, 'src/main.ts'), '// edit\n')],
    ['a changed card', (root: string) => appendFileSync(path.join(root, 'cards/menuCard.ts'), '// edit\n')],
    [
      'a new dialog',
      (root: string) => writeFileSync(path.join(root, 'dialogs/newDialog.ts'), 'export {};\n'),
    ],
    ['a removed source', (root: string) => rmSync(path.join(root, 'dialogs/flowDialog.ts'))],
    [
      'a changed non-TypeScript file',
      (root: string) => appendFileSync(path.join(root, 'src/storage/parentWatchdog.cjs'), '//\n'),
    ],
    [
      'a changed compiler setting',
      (root: string) => writeFileSync(path.join(root, 'tsconfig.json'), '{"x":1}\n'),
    ],
    [
      'a renamed file with the same content',
      (root: string) => {
        rmSync(path.join(root, 'cards/menuCard.ts'));
        writeFileSync(path.join(root, 'cards/menu2Card.ts'), 'export const menu = 1;\n');
      },
    ],
  ])('refuses the build as out of date after %s', (_what, change) => {
    const root = make();
    change(root);
    const problem = buildProblem(root);
    expect(problem).toMatch(/^Baken cannot start: the build in dist\/ is out of date .* Run `npm run build`/);
    expect(problem).not.toContain('\n');
  });
});
