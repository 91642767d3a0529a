import type { Platform } from '../platform/platform';
import type { FeatureRegistration } from '../bot/featureRegistration';
import { StatusCommand } from './statusCommand';

/** `status` for admins (ADMIN_IDS), 1:1: the outbox's state; anyone else gets the answer to unknown text. */
export function registerStatus(platform: Platform): FeatureRegistration {
  const status = new StatusCommand({ roles: platform.roles, watch: platform.watch });
  return {
    name: 'status',
    commands: { status: (context) => status.answer(context) },
  };
}
