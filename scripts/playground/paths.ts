// Where the Playground tooling finds the repository, the committed Playground config and its artifacts folder.
import path from 'node:path';

/** Repository root (this file lives in scripts/playground/). */
export const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** The committed Playground configuration (team "Team De Linde"). */
export const PLAYGROUND_CONFIG = path.join(REPO_ROOT, '.m365agentsplayground.yml');

/** Where screenshots and Playground logs of the e2e tests go. */
export const ARTIFACTS_DIR = path.join(REPO_ROOT, 'test-artifacts');
