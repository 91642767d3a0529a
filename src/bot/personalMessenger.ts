import type { Turn } from '../edge/turn';
import type { Outbox } from '../delivery/outbox';
import { refusalKey } from '../delivery/outboxKeys';
import { userThread } from '../delivery/threads';
import { addressOf, personOf } from './turnFacts';

/** Sends short 1:1 messages through the outbox, for answers that must not be seen by the whole channel. */
export class PersonalMessenger {
  constructor(private readonly outbox: Outbox) {}

  /** Tells the person 1:1 that only a manager can do this (a refusal seen only by them). */
  async refuse(context: Turn): Promise<void> {
    const person = personOf(context);
    if (!person) return;
    await this.outbox.enqueue([
      {
        key: refusalKey(context.activity.id, person.aadObjectId, Date.now()),
        thread: userThread(person.aadObjectId),
        target: {
          kind: 'personal',
          address: addressOf(context),
          aadObjectId: person.aadObjectId,
          userId: person.userId,
        },
        render: { card: 'message', message: 'refusedManagerOnly' },
      },
    ]);
  }
}
