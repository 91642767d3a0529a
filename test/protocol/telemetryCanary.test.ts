import { randomUUID } from 'node:crypto';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  PeriodicExportingMetricReader,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { outboxEntrySchema } from '../../src/delivery/outboxEntry';
import { FLOW_ORDER } from '../../src/flows';
import { METRIC_NAMES } from '../../src/telemetry/bakenMetrics';
import {
  PEOPLE,
  cardOf,
  channelThreads,
  escalationIdOf,
  noticeInvoke,
  sendTestEscalation,
  setEscalationChannel,
  startEscalationBaken,
  type EscalationBaken,
} from '../support/escalationSetup';
import { walkFlow } from '../support/flowWalker';
import { useAzurite } from '../support/harness';
import { BOT, TEAM_ID, TENANT, personalConversation } from '../support/teams';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const loopbackOnly = require('../support/loopbackOnly.cjs') as { turnedAway(): string[]; restore(): void };

const azurite = useAzurite();
/** Letters only, so it passes every input's pattern (as in escalationCanary.test.ts). */
const CANARY = 'ZQXTELEMETRIE7Z';
/** A connection string whose endpoint is a closed port on this machine: exports fail at once, in the background. */
const CONNECTION_STRING =
  'InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=http://127.0.0.1:9/';
const MINUTE = 60_000;

/** Every attribute value and name of the exported metrics, as text. */
function metricText(exported: ResourceMetrics[]): string {
  return JSON.stringify(
    exported.flatMap((r) =>
      r.scopeMetrics.flatMap((s) =>
        s.metrics.map((m) => ({
          name: m.descriptor.name,
          description: m.descriptor.description,
          points: m.dataPoints.map((p) => p.attributes),
        })),
      ),
    ),
  );
}

/** The data points of one metric: attributes and value, summed over every export. */
function points(exported: ResourceMetrics[], name: string): Array<{ attributes: unknown; value: unknown }> {
  return exported.flatMap((r) =>
    r.scopeMetrics.flatMap((s) =>
      s.metrics
        .filter((m) => m.descriptor.name === name)
        .flatMap((m) => m.dataPoints.map((p) => ({ attributes: p.attributes, value: p.value }))),
    ),
  );
}

describe('telemetry: the canary is in no exported span or metric, and every metric is recorded', () => {
  const spans = new InMemorySpanExporter();
  const metrics = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({ exporter: metrics, exportIntervalMillis: 3_600_000 });
  let t: EscalationBaken;

  beforeAll(async () => {
    t = await startEscalationBaken(azurite.get(), {
      env: {
        APPLICATIONINSIGHTS_CONNECTION_STRING: CONNECTION_STRING,
        STORAGE_PREFIX: `t${randomUUID().replace(/-/g, '').slice(0, 12)}`,
      },
      overrides: {
        telemetry: {
          spanProcessors: [new SimpleSpanProcessor(spans)],
          metricReaders: [reader],
          tracesPerSecond: 0,
          disableOfflineStorage: true,
        },
      },
    });
  });
  afterAll(async () => {
    await t?.stop();
    loopbackOnly.restore();
  });

  it('walks every flow with the canary, escalates, picks up, fails a send, reminds and lets the outbox wait', async () => {
    await setEscalationChannel(t);
    for (const flowId of FLOW_ORDER)
      await walkFlow(t, PEOPLE.bram, flowId, { canary: CANARY, urgency: 'hoog' });
    await t.app.tick();
    const [posted] = channelThreads(t.connector.calls);
    const id = escalationIdOf(posted ? cardOf(posted) : undefined);
    // A test escalation whose channel notice Teams refuses for good (403): a delivery failure by status.
    t.connector.script((c) => channelThreads([c]).length > 0, { status: 403 });
    expect((await sendTestEscalation(t)).status).toBe(200);
    await t.app.tick();
    expect(channelThreads(t.connector.calls)).toHaveLength(2);
    // A manager picks up the first escalation, ten minutes on.
    const notice = await t.app.storage.outbox.read(`${id}%3Anotice.json`, outboxEntrySchema);
    const thread = notice?.value.result?.conversationId ?? '';
    t.clock.advance(10 * MINUTE);
    const ack = noticeInvoke(
      t.connector.url,
      PEOPLE.piet,
      { action: 'escalation.ack', ref: id, version: 0 },
      thread,
    );
    expect((await t.send(ack)).status).toBe(200);
    // The test escalation is not picked up: reminders after 30 minutes.
    t.clock.advance(25 * MINUTE);
    await t.app.tick();
    await t.app.tick();

    await reader.forceFlush();
    const exported = metrics.getMetrics();
    const finished = spans.getFinishedSpans();

    // Recorded, so the test cannot pass with telemetry silently off.
    for (const name of Object.values(METRIC_NAMES))
      expect({ name, recorded: points(exported, name).length > 0 }).toEqual({ name, recorded: true });
    const kinds = new Set(points(exported, METRIC_NAMES.turns).map((p) => JSON.stringify(p.attributes)));
    expect(kinds).toEqual(
      new Set(['message', 'cardAction', 'other'].map((k) => JSON.stringify({ 'baken.turn.kind': k }))),
    );
    expect(points(exported, METRIC_NAMES.deliveryFailures).map((p) => p.attributes)).toContainEqual({
      'baken.delivery.status': '403',
      'baken.delivery.final': true,
    });
    expect(points(exported, METRIC_NAMES.escalationsPickedUp)).toEqual([{ attributes: {}, value: 1 }]);
    expect(points(exported, METRIC_NAMES.remindersSent).map((p) => p.attributes)).toContainEqual({
      'baken.reminder.kind': 'escalation',
    });
    expect(finished.length).toBeGreaterThan(20);
    expect(new Set(finished.map((s) => s.name))).toEqual(
      new Set(['turn message', 'turn cardAction', 'turn other']),
    );

    // Nothing of what people typed or who they are: not in a span's name, attributes, events or status, nor in a
    // metric's name or attributes.
    const spanText = JSON.stringify(
      finished.map((s) => ({
        name: s.name,
        attributes: s.attributes,
        events: s.events,
        status: s.status,
        links: s.links,
      })),
    );
    const text = `${spanText}\n${metricText(exported)}`;
    const secrets = [
      CANARY,
      TENANT,
      TEAM_ID,
      BOT.id,
      id,
      ...Object.values(PEOPLE).flatMap((p) => [p.name, p.aadObjectId, p.id, personalConversation(p).id]),
    ];
    for (const secret of secrets)
      expect({ secret, found: text.includes(secret) }).toEqual({ secret, found: false });
  });
});
