/**
 * Two people on one machine: two `npm run dev` at once in the same folder each get their own free ports, their own
 * Playground and Baken, and their own data folder (one Azurite per data folder).
 */
import { startNpmRunDev, type NpmRunDev } from './baken';

const runs: NpmRunDev[] = [];

afterAll(async () => {
  await Promise.all(runs.map((run) => run.group.stop()));
});

test('two npm run dev at once: two Playgrounds and two Bakens, each with its own data folder', async () => {
  runs.push(await startNpmRunDev());
  runs.push(await startNpmRunDev());
  const [first, second] = runs;
  expect(first?.url).not.toBe(second?.url);
  for (const run of runs) {
    const pong = await fetch(`${run.url}/_debug/ping`);
    expect(await pong.text()).toContain('pong');
  }
  const dataOf = (run?: NpmRunDev) => /Gegevens \/ data: (\S+)/.exec(run?.output() ?? '')?.[1];
  expect(dataOf(first)).toBeDefined();
  expect(dataOf(second)).toMatch(/dev-\d+$/);
  expect(dataOf(first)).not.toBe(dataOf(second));
  // Neither printed a deprecation warning.
  for (const run of runs) expect(run.output()).not.toContain('DeprecationWarning');
}, 180_000);
