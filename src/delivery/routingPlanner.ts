import type { DeliveryError } from './deliveryError';
import type { DeliveryPlan, DeliveryPlanner } from './deliveryPlan';
import type { OutboxEntry } from './outboxEntry';
import type { DeliveryResult } from './teamsPort';

/** A planner for the entries `handles` accepts. */
export interface PlannerRoute {
  handles(entry: OutboxEntry): boolean;
  planner: DeliveryPlanner;
}

/**
 * One dispatcher, several parts: each entry goes to the first route that handles it (e.g. aftercare cards),
 * everything else to the fallback planner (escalations).
 */
export class RoutingPlanner implements DeliveryPlanner {
  private readonly routes: PlannerRoute[] = [];

  constructor(private readonly fallback: DeliveryPlanner) {}

  /** Adds a route, tried before the fallback. */
  add(route: PlannerRoute): void {
    this.routes.push(route);
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
