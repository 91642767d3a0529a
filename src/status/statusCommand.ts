import type { Turn } from '../edge/turn';
import { outboxStatusCard } from '../../cards/delivery/outboxStatusCard';
import { cardAnswer, type Answer } from '../bot/answer';
import type { OutboxWatch } from '../delivery/outboxWatch';
import type { RoleService } from '../platform/roles';
import { personOf } from '../bot/turnFacts';

/** `status` in an admin's 1:1 chat: how many messages wait for delivery and how long the oldest waits. */
export class StatusCommand {
  constructor(private readonly deps: { roles: RoleService; watch: OutboxWatch }) {}

  /**
   * Answers an admin (ADMIN_IDS) with the outbox's state; for anyone else returns false, so the bot answers as it
   * does any text it does not know (the command's existence is not shown to them).
   */
  async answer(context: Turn): Promise<Answer | false> {
    const person = personOf(context);
    if (!person || !this.deps.roles.isAdmin(person.aadObjectId)) return false;
    return cardAnswer(outboxStatusCard(await this.deps.watch.status()));
  }
}
