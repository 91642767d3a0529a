import type { DeliveryError } from './deliveryError';
import type { DeliveryPlan, DeliveryPlanner } from './deliveryPlan';
import type { OutboxEntry } from './outboxEntry';
import type { DeliveryResult } from './teamsPort';

/** A planner for the entries `handles` accepts. */
export interface PlannerRoute {
  handles(entry: OutboxEntry): boolean;
  planner: DeliveryPlanner;
}

/** Until a feature sets the fallback: entries nobody plans for wait (they are kept, never dropped). */
const NO_FALLBACK: DeliveryPlanner = {
  plan: async () => ({ kind: 'wait', retryInMs: 60_000, reason: 'no_planner' }),
  onSent: async () => undefined,
  onFailed: async () => undefined,
};

/**
 * One dispatcher, several parts: each entry goes to the first route that handles it (e.g. aftercare cards),
 * everything else to the fallback planner (escalations, set by the escalation feature's registration).
 */
export class RoutingPlanner implements DeliveryPlanner {
  private readonly routes: PlannerRoute[] = [];
  private fallback: DeliveryPlanner;
  private fallbackSet: boolean;

  constructor(fallback?: DeliveryPlanner) {
    this.fallback = fallback ?? NO_FALLBACK;
    this.fallbackSet = fallback !== undefined;
  }

  /** Adds a route, tried before the fallback. */
  add(route: PlannerRoute): void {
    this.routes.push(route);
  }

  /** Sets the planner of every entry no route handles; only one part may set it. */
  setFallback(planner: DeliveryPlanner): void {
    if (this.fallbackSet) throw new Error('the delivery fallback is already set');
    this.fallback = planner;
    this.fallbackSet = true;
  }

  /** Plans with the planner the entry belongs to. */
  plan(entry: OutboxEntry): Promise<DeliveryPlan> {
    return this.plannerFor(entry).plan(entry);
  }

  /** Tells the entry's planner it was sent. */
  onSent(entry: OutboxEntry, result: DeliveryResult): Promise<void> {
    return this.plannerFor(entry).onSent(entry, result);
  }

  /** Tells the entry's planner it failed for good. */
  onFailed(entry: OutboxEntry, error: DeliveryError): Promise<void> {
    return this.plannerFor(entry).onFailed(entry, error);
  }

  private plannerFor(entry: OutboxEntry): DeliveryPlanner {
    return this.routes.find((r) => r.handles(entry))?.planner ?? this.fallback;
  }
}
