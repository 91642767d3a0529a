import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { outboxAlertCard } from '../../cards/delivery/outboxAlertCard';
import { outboxStatusCard } from '../../cards/delivery/outboxStatusCard';
import { durationText } from '../../src/delivery/outboxTexts';
import { BakenMetrics, METRIC_NAMES, turnKindOf } from '../../src/telemetry/bakenMetrics';
import { NO_TELEMETRY, type Telemetry } from '../../src/telemetry/telemetry';
import { validateCard } from '../support/validateCard';

const ROOT = path.resolve(__dirname, '../..');

/** Every .ts file under a folder. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return sources(file);
    return file.endsWith('.ts') ? [file] : [];
  });
}

describe('telemetry', () => {
  it('only src/telemetry imports OpenTelemetry, and only azureMonitor.ts loads the distro (dynamically)', () => {
    for (const file of ['src', 'cards', 'dialogs'].flatMap((d) => sources(path.join(ROOT, d)))) {
      const text = readFileSync(file, 'utf8');
      const relative = path.relative(ROOT, file);
      const imports = [
        ...text.matchAll(/(?:from|import\()\s*'(@opentelemetry\/[^']+|@azure\/monitor-[^']+)'/g),
      ];
      if (relative.startsWith(`src${path.sep}telemetry${path.sep}`)) continue;
      expect({ file: relative, imports: imports.map((m) => m[1]) }).toEqual({ file: relative, imports: [] });
    }
    const monitor = readFileSync(path.join(ROOT, 'src/telemetry/azureMonitor.ts'), 'utf8');
    expect(monitor).not.toMatch(/^import (?!type)[^;]*'@azure\/monitor-opentelemetry'/m);
    expect(monitor).toContain("import('@azure/monitor-opentelemetry')");
  });

  it('a Baken without a connection string never loads the distro or OpenTelemetry', () => {
    // The build that `npm start` runs (jest's global set-up keeps it current), loaded in a fresh node.
    const script = `
      require('./dist/src/app.js');
      const loaded = Object.keys(require.cache).filter((f) => /monitor-opentelemetry|@opentelemetry/.test(f));
      process.stdout.write(JSON.stringify(loaded));`;
    const loaded = JSON.parse(
      execFileSync(process.execPath, ['-e', script], { cwd: ROOT }).toString(),
    ) as string[];
    expect(loaded).toEqual([]);
  });

  it('off, metrics do nothing and a turn runs as it is', async () => {
    const metrics = new BakenMetrics();
    expect(metrics.enabled).toBe(false);
    await expect(metrics.turn('message', async () => 42)).resolves.toBe(42);
    await expect(
      metrics.turn('cardAction', async () => {
        throw new RangeError('x');
      }),
    ).rejects.toThrow(RangeError);
    metrics.escalationCreated();
    metrics.escalationPickedUp(12);
    metrics.deliveryFailed(429, false);
    metrics.remindersSent('aftercare', 2);
    metrics.observeOutbox(() => ({ depth: 1, oldestAgeSeconds: 2 }));
    await NO_TELEMETRY.shutdown();
  });

  it('on, every measurement carries fixed words and numbers only, under the documented names', async () => {
    const recorded: Array<{ name: string; value: number; attributes?: unknown }> = [];
    const gauges = new Map<string, () => Array<{ value: number }>>();
    const spans: Array<{ name: string; attributes: unknown }> = [];
    const fake: Telemetry = {
      enabled: true,
      counter: (name) => ({ add: (value, attributes) => void recorded.push({ name, value, attributes }) }),
      histogram: (name) => ({
        record: (value, attributes) => void recorded.push({ name, value, attributes }),
      }),
      gauge: (name, _d, _u, observe) => void gauges.set(name, observe),
      serverSpan: (name, attributes, work) => {
        spans.push({ name, attributes });
        return work();
      },
      shutdown: async () => undefined,
    };
    const metrics = new BakenMetrics(fake);
    await metrics.turn('cardAction', async () => undefined);
    metrics.escalationCreated();
    metrics.escalationPickedUp(90);
    metrics.deliveryFailed(undefined, true);
    metrics.deliveryFailed(403, true);
    metrics.remindersSent('escalation', 0);
    metrics.remindersSent('escalation', 3);
    const outbox: { now?: { depth: number; oldestAgeSeconds: number } } = {};
    metrics.observeOutbox(() => outbox.now);
    expect(gauges.get(METRIC_NAMES.outboxDepth)?.()).toEqual([]);
    outbox.now = { depth: 4, oldestAgeSeconds: 960 };
    expect(gauges.get(METRIC_NAMES.outboxDepth)?.()).toEqual([{ value: 4 }]);
    expect(gauges.get(METRIC_NAMES.outboxOldestAge)?.()).toEqual([{ value: 960 }]);

    expect(spans).toEqual([{ name: 'turn cardAction', attributes: { 'baken.turn.kind': 'cardAction' } }]);
    expect(recorded.map((r) => r.name)).toEqual([
      METRIC_NAMES.turns,
      METRIC_NAMES.turnDuration,
      METRIC_NAMES.escalationsCreated,
      METRIC_NAMES.escalationsPickedUp,
      METRIC_NAMES.pickUpTime,
      METRIC_NAMES.deliveryFailures,
      METRIC_NAMES.deliveryFailures,
      METRIC_NAMES.remindersSent,
    ]);
    expect(recorded.filter((r) => r.name === METRIC_NAMES.deliveryFailures).map((r) => r.attributes)).toEqual(
      [
        { 'baken.delivery.status': 'none', 'baken.delivery.final': true },
        { 'baken.delivery.status': '403', 'baken.delivery.final': true },
      ],
    );
    expect(recorded.find((r) => r.name === METRIC_NAMES.pickUpTime)?.value).toBe(90);
    expect(recorded.find((r) => r.name === METRIC_NAMES.remindersSent)).toEqual({
      name: METRIC_NAMES.remindersSent,
      value: 3,
      attributes: { 'baken.reminder.kind': 'escalation' },
    });
  });

  it.each([
    [{ type: 'message', text: 'hoi' }, 'message'],
    [{ type: 'message', value: { action: 'flow.next' } }, 'cardAction'],
    [{ type: 'invoke', name: 'adaptiveCard/action', value: {} }, 'cardAction'],
    [{ type: 'invoke', name: 'signin/verifyState' }, 'other'],
    [{ type: 'conversationUpdate' }, 'other'],
    [{ type: 'installationUpdate' }, 'other'],
    [{}, 'other'],
  ])('the kind of %j is %s', (activity, kind) => {
    expect(turnKindOf(activity)).toBe(kind);
  });
});

describe("the admins' delivery cards", () => {
  it.each([
    [0, '0 minuten'],
    [1, '1 minuut'],
    [15, '15 minuten'],
    [119, '119 minuten'],
    [120, '2 uur'],
    [47 * 60 + 59, '47 uur'],
    [48 * 60, '2 dagen'],
  ])('%i minutes read "%s"', (minutes, text) => {
    expect(durationText(minutes)).toBe(text);
  });

  it('are valid Adaptive Cards 1.5 with counts only', () => {
    const alert = outboxAlertCard({ count: 3, oldestMinutes: 200, thresholdMinutes: 15, depth: 5 });
    validateCard(alert);
    const text = JSON.stringify(alert);
    expect(text).toContain(
      '3 berichten zijn na 15 minuten nog niet afgeleverd in Teams. Het oudste wacht al 3 uur.',
    );
    expect(text).toContain('Er wachten nu 5 berichten.');
    for (const view of [
      { depth: 0, late: 0, thresholdMinutes: 15 },
      { depth: 1, oldestMinutes: 3, late: 0, thresholdMinutes: 15 },
      { depth: 4, oldestMinutes: 30, late: 2, thresholdMinutes: 15 },
    ]) {
      validateCard(outboxStatusCard(view));
    }
    expect(
      JSON.stringify(outboxStatusCard({ depth: 1, oldestMinutes: 3, late: 0, thresholdMinutes: 15 })),
    ).toContain('Nog niet afgeleverd: 1 bericht.');
  });
});
