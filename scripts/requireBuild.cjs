// Preloaded by `npm start` (node --require) before dist/src/main.js runs: when there is no build, or it is older than
// the sources, one line on stderr and exit 1, not a stack trace or an outdated Baken. It never compiles anything.
'use strict';
const path = require('node:path');
const { buildProblem } = require('./buildStamp.cjs');

const problem = buildProblem(path.resolve(__dirname, '..'));
if (problem !== undefined) {
  process.stderr.write(`${problem}\n`);
  process.exit(1);
}
