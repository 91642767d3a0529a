// `npm run build` (npm ci runs it too, as `prepare`): compiles src/, cards/ and dialogs/ with tsconfig.build.json,
// copies the files there that are no TypeScript (the Azurite watchdog preload), stamps the build with the hash of the
// sources it was made from, and only then puts it in place of dist/. A failed build leaves no half-written dist/.
'use strict';
const { spawnSync } = require('node:child_process');
const { copyFileSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } = require('node:fs');
const path = require('node:path');
const { OUT_DIR, SOURCE_DIRS, filesUnder, sourceHash, writeStamp } = require('./buildStamp.cjs');

const root = path.resolve(__dirname, '..');

function fail(message) {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

let tsc;
try {
  tsc = require.resolve('typescript/bin/tsc', { paths: [root] });
} catch {
  fail('npm run build needs TypeScript from the devDependencies: install with `npm ci` (not --omit=dev).');
}

/** Compiles into a fresh folder, stamps it and swaps it in for dist/; returns why it failed, if it did. */
function build() {
  // Hashed before compiling: a source edited during the build makes the stamp stale, never falsely fresh.
  const hash = sourceHash(root);
  const cache = path.join(root, 'node_modules', '.cache');
  mkdirSync(cache, { recursive: true });
  const work = mkdtempSync(path.join(cache, 'baken-build-'));
  try {
    const out = path.join(work, OUT_DIR);
    const compiled = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--outDir', out], {
      cwd: root,
      stdio: 'inherit',
    });
    if (compiled.status !== 0)
      return `npm run build: tsc failed (exit ${compiled.status ?? compiled.signal}).`;
    for (const file of SOURCE_DIRS.flatMap((dir) => filesUnder(root, dir))) {
      if (file.endsWith('.ts')) continue;
      mkdirSync(path.dirname(path.join(out, file)), { recursive: true });
      copyFileSync(path.join(root, file), path.join(out, file));
    }
    writeStamp(out, hash);
    const target = path.join(root, OUT_DIR);
    if (existsSync(target)) renameSync(target, path.join(work, 'previous'));
    renameSync(out, target);
    return undefined;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const problem = build();
if (problem !== undefined) fail(problem);
