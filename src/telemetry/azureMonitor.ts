import type { AzureMonitorOpenTelemetryOptions } from '@azure/monitor-opentelemetry';
import type { Telemetry, TelemetryAttributes } from './telemetry';

/** Test hooks: extra span processors and metric readers (in-memory exporters), and no rate limit on traces. */
export type AzureMonitorTestHooks = Pick<
  AzureMonitorOpenTelemetryOptions,
  'spanProcessors' | 'metricReaders' | 'tracesPerSecond'
> & {
  /** Keep failed exports in memory only (the default keeps them on disk to send later). */
  disableOfflineStorage?: boolean;
};

/** The instrumentations the distro would switch on by itself: all off (see startAzureMonitor). */
const NO_INSTRUMENTATIONS = {
  http: { enabled: false },
  azureSdk: { enabled: false },
  mongoDb: { enabled: false },
  mySql: { enabled: false },
  postgreSql: { enabled: false },
  redis: { enabled: false },
  redis4: { enabled: false },
  bunyan: { enabled: false },
  winston: { enabled: false },
} satisfies AzureMonitorOpenTelemetryOptions['instrumentationOptions'];

/**
 * Starts Application Insights through the Azure Monitor OpenTelemetry distro, loaded here and only here (a Baken
 * without a connection string never loads it). Its automatic instrumentations stay off: the HTTP and Azure SDK ones
 * would put request URLs in span attributes, and Baken's URLs hold conversation ids, person ids (outbox keys) and
 * record ids. Baken's own spans and metrics (BakenMetrics) carry fixed words and numbers only. The SDK's own usage
 * statistics for Microsoft (statsbeat) are off: only the organisation's own Application Insights gets data.
 * Exporting happens in the background: a connection string whose endpoint cannot be reached neither stops nor
 * slows Baken.
 */
export async function startAzureMonitor(
  connectionString: string,
  hooks: AzureMonitorTestHooks = {},
): Promise<Telemetry> {
  // Read by the distro when it loads: no statsbeat, and Baken's name as the cloud role (unless set otherwise).
  process.env.APPLICATION_INSIGHTS_NO_STATSBEAT ??= 'true';
  process.env.OTEL_SERVICE_NAME ??= 'baken';
  const [{ useAzureMonitor, shutdownAzureMonitor }, api] = await Promise.all([
    import('@azure/monitor-opentelemetry'),
    import('@opentelemetry/api'),
  ]);
  useAzureMonitor({
    azureMonitorExporterOptions: {
      connectionString,
      ...(hooks.disableOfflineStorage ? { disableOfflineStorage: true } : {}),
    },
    enableLiveMetrics: false,
    instrumentationOptions: NO_INSTRUMENTATIONS,
    ...(hooks.tracesPerSecond !== undefined ? { tracesPerSecond: hooks.tracesPerSecond } : {}),
    ...(hooks.spanProcessors ? { spanProcessors: hooks.spanProcessors } : {}),
    ...(hooks.metricReaders ? { metricReaders: hooks.metricReaders } : {}),
  });
  const meter = api.metrics.getMeter('baken');
  const tracer = api.trace.getTracer('baken');
  let stopped: Promise<void> | undefined;
  return {
    enabled: true,
    counter: (name, description, unit) => meter.createCounter(name, { description, unit }),
    histogram: (name, description, unit) => meter.createHistogram(name, { description, unit }),
    gauge: (name, description, unit, observe) => {
      meter.createObservableGauge(name, { description, unit }).addCallback((result) => {
        for (const { value, attributes } of observe()) result.observe(value, attributes);
      });
    },
    serverSpan: (name, attributes: TelemetryAttributes, work) =>
      tracer.startActiveSpan(name, { kind: api.SpanKind.SERVER, attributes }, async (span) => {
        try {
          return await work();
        } catch (err) {
          // The kind of error only: its message may carry user text.
          span.setStatus({ code: api.SpanStatusCode.ERROR });
          span.setAttribute('error.type', err instanceof Error ? err.name : typeof err);
          throw err;
        } finally {
          span.end();
        }
      }),
    shutdown: (timeoutMs = 5000) => {
      stopped ??= Promise.race([
        Promise.resolve(shutdownAzureMonitor()).catch(() => undefined),
        new Promise<void>((resolve) => setTimeout(resolve, timeoutMs).unref()),
      ]);
      return stopped;
    },
  };
}
