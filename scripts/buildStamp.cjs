// The build stamp. `npm run build` records in dist/build-stamp.json a hash of the sources it compiled; `npm start`
// refuses a build whose hash is not that of the sources present now. Contents, not file times: after a git clone or
// checkout every file is new, whatever the build was made from.
'use strict';
const { createHash } = require('node:crypto');
const { existsSync, readdirSync, readFileSync, writeFileSync } = require('node:fs');
const path = require('node:path');

/** Folders the build compiles (every file in them counts) and the compiler settings it uses. */
const SOURCE_DIRS = ['src', 'cards', 'dialogs'];
const SOURCE_FILES = ['tsconfig.json', 'tsconfig.build.json'];
const OUT_DIR = 'dist';
const STAMP_FILE = 'build-stamp.json';
/** The compiled entry point that `npm start` runs, relative to OUT_DIR. */
const ENTRY = 'src/main.js';

/** Every file under `dir` (relative to `root`), as sorted paths with forward slashes; none if it is absent. */
function filesUnder(root, dir) {
  if (!existsSync(path.join(root, dir))) return [];
  const files = [];
  for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) files.push(...filesUnder(root, rel));
    else if (entry.isFile()) files.push(rel);
  }
  return files.sort();
}

/** All source files the build depends on, relative to `root`. */
function sourceFiles(root) {
  const files = SOURCE_DIRS.flatMap((dir) => filesUnder(root, dir));
  return [...files, ...SOURCE_FILES.filter((file) => existsSync(path.join(root, file)))].sort();
}

/** SHA-256 over the names, sizes and contents of the source files. */
function sourceHash(root) {
  const hash = createHash('sha256');
  for (const file of sourceFiles(root)) {
    const content = readFileSync(path.join(root, file));
    hash.update(`${file}\0${content.length}\0`);
    hash.update(content);
  }
  return hash.digest('hex');
}

/** Writes the stamp for a build of sources with the given hash into `outDir`. */
function writeStamp(outDir, hash) {
  const stamp = { sourceHash: hash, builtAt: new Date().toISOString(), node: process.version };
  writeFileSync(path.join(outDir, STAMP_FILE), `${JSON.stringify(stamp, null, 2)}\n`);
}

/** Why the build under `root` cannot be started (one line), or undefined when it is the build of these sources. */
function buildProblem(root) {
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(path.join(root, OUT_DIR, STAMP_FILE), 'utf8'));
  } catch {
    stamp = undefined;
  }
  if (!stamp || !existsSync(path.join(root, OUT_DIR, ENTRY))) {
    return `Baken cannot start: there is no build in ${OUT_DIR}/. Run \`npm run build\` (npm ci also builds), then \`npm start\`.`;
  }
  if (stamp.sourceHash !== sourceHash(root)) {
    return `Baken cannot start: the build in ${OUT_DIR}/ is out of date (${SOURCE_DIRS.join('/, ')}/ or a tsconfig changed since it was made). Run \`npm run build\`, then \`npm start\`.`;
  }
  return undefined;
}

module.exports = { SOURCE_DIRS, OUT_DIR, filesUnder, sourceHash, writeStamp, buildProblem };
