/**
 * Baken's own telemetry interface: the rest of the code records through it and never imports OpenTelemetry. With
 * no Application Insights connection string it is NO_TELEMETRY, which does nothing and loads nothing.
 *
 * Attribute values are fixed words and numbers chosen by Baken (a kind, a status code), never text a user typed,
 * a name, a client code or an id of a person or conversation: BakenMetrics (bakenMetrics.ts) is the only caller and
 * takes only such values.
 */

/** Attributes of a measurement or span: fixed words, numbers or flags only. */
export type TelemetryAttributes = Readonly<Record<string, string | number | boolean>>;

/** A monotonic count. */
export interface TelemetryCounter {
  add(value: number, attributes?: TelemetryAttributes): void;
}

/** A distribution of values (latencies, waiting times). */
export interface TelemetryHistogram {
  record(value: number, attributes?: TelemetryAttributes): void;
}

/** One observation of a gauge, read when the metrics are collected. */
export interface GaugeObservation {
  value: number;
  attributes?: TelemetryAttributes;
}

/** Where measurements and traces go. */
export interface Telemetry {
  /** True when measurements leave the process (Application Insights is configured). */
  readonly enabled: boolean;
  counter(name: string, description: string, unit?: string): TelemetryCounter;
  histogram(name: string, description: string, unit: string): TelemetryHistogram;
  /** A gauge whose values `observe` gives each time metrics are collected (it must be cheap: no storage calls). */
  gauge(name: string, description: string, unit: string, observe: () => GaugeObservation[]): void;
  /** Runs `work` inside a server span (a request in Application Insights); the span ends when `work` settles. */
  serverSpan<T>(name: string, attributes: TelemetryAttributes, work: () => Promise<T>): Promise<T>;
  /** Exports what is buffered and stops; waits at most `timeoutMs` (the exporter works in the background). */
  shutdown(timeoutMs?: number): Promise<void>;
}

const noCounter: TelemetryCounter = { add: () => undefined };
const noHistogram: TelemetryHistogram = { record: () => undefined };

/** Telemetry that goes nowhere: every call returns at once and nothing is kept. */
export const NO_TELEMETRY: Telemetry = {
  enabled: false,
  counter: () => noCounter,
  histogram: () => noHistogram,
  gauge: () => undefined,
  serverSpan: (_name, _attributes, work) => work(),
  shutdown: async () => undefined,
};
