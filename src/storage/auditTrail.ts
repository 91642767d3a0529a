import type { Clock } from '../clock';
import { SYSTEM_ACTOR, type AuditActor, type AuditEntry, type AuditLog, type AuditSubject } from './auditLog';

/** Who an audit line names, with the role they acted in. */
export interface Auditor extends AuditActor {
  role: AuditEntry['role'];
}

/** Baken itself, doing scheduled work (reminders, delivery, purges). */
export const SYSTEM_AUDITOR: Auditor = { ...SYSTEM_ACTOR, role: 'system' };

/**
 * The one writer of audit lines, for every feature: who did what to which object, and when (by the clock). Built
 * once at the composition root.
 */
export class AuditTrail {
  constructor(
    private readonly log: Pick<AuditLog, 'append'>,
    private readonly clock: Clock,
  ) {}

  /** Audits `subject`, done by `by` (Baken itself when left out). */
  async write(
    subject: AuditSubject,
    by: Auditor = SYSTEM_AUDITOR,
    outcome: AuditEntry['outcome'] = 'ok',
  ): Promise<void> {
    await this.log.append(auditLine(this.clock.now(), by, subject, outcome));
  }
}

/** The audit line for `by` doing `subject.action` at `at`. */
function auditLine(at: Date, by: Auditor, subject: AuditSubject, outcome: AuditEntry['outcome']): AuditEntry {
  return {
    at: at.toISOString(),
    actorId: by.aadObjectId,
    actorName: by.name,
    role: by.role,
    ...subject,
    conversationId: by.conversationId,
    outcome,
  };
}
