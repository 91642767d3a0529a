import { readFileSync } from 'node:fs';
import path from 'node:path';
import semver from 'semver';

const ROOT = path.resolve(__dirname, '../..');
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  engines: { node: string };
};
const lock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { version?: string; dev?: boolean; engines?: { node?: string } | string[] }>;
};

/** The Node lines Baken supports: the LTS lines App Service offers, and 20 where it is still installed. */
const SUPPORTED = ['20.19.0', '22.12.0', '22.23.3', '24.0.0', '24.21.0'];

/**
 * Runtime dependencies whose `engines` leave out a supported line although they run on it, with the proof.
 * restify 12 declares Node >= 22 only because Node 20 reached end of life: it uses no API newer than Node 20, and
 * CI runs the whole suite (which starts Baken, restify included) on Node 20.
 */
const RUNS_DESPITE_ENGINES: Record<string, string> = { 'restify@12.0.0': '>=22.0.0' };

describe('supported Node versions', () => {
  it('package.json engines admit Node 20, 22 and 24, and nothing older', () => {
    for (const version of SUPPORTED)
      expect([version, semver.satisfies(version, pkg.engines.node)]).toEqual([version, true]);
    expect(semver.satisfies('18.20.0', pkg.engines.node)).toBe(false);
  });

  it('the Node running these tests is one engines admits', () => {
    expect(semver.satisfies(process.version, pkg.engines.node)).toBe(true);
  });

  it('every runtime dependency says it runs on the supported lines, but the known and tested exceptions', () => {
    const refusing: Record<string, string> = {};
    for (const [where, entry] of Object.entries(lock.packages)) {
      const range = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
      if (where === '' || entry.dev || range === undefined) continue;
      const name = where.slice(where.lastIndexOf('node_modules/') + 'node_modules/'.length);
      if (SUPPORTED.some((version) => !semver.satisfies(version, range)))
        refusing[`${name}@${entry.version}`] = range;
    }
    expect(refusing).toEqual(RUNS_DESPITE_ENGINES);
  });

  it('CI runs the tests on every line engines admits', () => {
    const ci = readFileSync(path.join(ROOT, '.ci', 'run'), 'utf8');
    const majors = (pkg.engines.node.match(/\^(\d+)/g) ?? []).map((m) => m.slice(1));
    expect(majors).toEqual(['20', '22', '24']);
    // Node 20 is the machine's own node (npm run verify); the other lines are installed from the registry.
    const lines = /for version in ([\d. ]+); do/.exec(ci)?.[1].trim().split(/\s+/) ?? [];
    expect(lines.map((version) => version.split('.')[0])).toEqual(majors.filter((m) => m !== '20'));
  });
});
