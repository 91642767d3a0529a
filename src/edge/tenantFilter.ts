import type { Middleware } from 'botbuilder';
import type { Turn } from './turn';
import type { Logger } from '../logger';

/** The tenant an activity comes from, as Teams sends it. */
export function tenantOf(context: Turn): string | undefined {
  const activity = context.activity;
  const fromChannelData = (activity.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id;
  return (
    activity.conversation?.tenantId ?? (typeof fromChannelData === 'string' ? fromChannelData : undefined)
  );
}

/**
 * Serves only activities from the configured tenant(s). An empty list (local mode only; config refuses it
 * otherwise) serves all. Refused turns never reach the bot; invokes get 403.
 */
export class TenantFilter implements Middleware {
  constructor(
    private readonly allowed: string[],
    private readonly logger: Logger,
  ) {}

  /** Runs the rest of the turn only for a served tenant. */
  async onTurn(context: Turn, next: () => Promise<void>): Promise<void> {
    if (this.allowed.length === 0) return next();
    const tenant = tenantOf(context);
    if (tenant && this.allowed.includes(tenant)) return next();
    this.logger.warn('tenant_refused', { activityId: context.activity.id, type: context.activity.type });
    if (context.activity.type === 'invoke') {
      await context.sendActivity({ type: 'invokeResponse', value: { status: 403 } });
    }
  }
}
