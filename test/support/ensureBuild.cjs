// Jest's global set-up: the tests that start Baken run `npm start`'s command, which runs the build in dist/ and
// refuses one that is missing or out of date. So the build is brought up to date here, once, before any test runs
// (a no-op after `npm ci` or `npm run build` on unchanged sources).
'use strict';
const { execFileSync } = require('node:child_process');
const path = require('node:path');
const { buildProblem } = require('../../scripts/buildStamp.cjs');

module.exports = function ensureBuild() {
  const root = path.resolve(__dirname, '../..');
  if (buildProblem(root) === undefined) return;
  process.stdout.write(
    '\nBuilding dist/ (npm run build) for the tests that start Baken as npm start does…\n',
  );
  execFileSync(process.execPath, [path.join(root, 'scripts', 'build.cjs')], { cwd: root, stdio: 'inherit' });
};
