import type { AuditEntry } from '../../src/storage/auditLog';

/** Audit entry number `n` at the given time (a staff member's test step on an escalation). */
export function auditEntry(n: number, at: string): AuditEntry {
  return {
    at,
    actorId: `aad-${n}`,
    actorName: `Medewerker ${n}`,
    role: 'staff',
    action: `test.step${n}`,
    objectType: 'escalation',
    objectId: `esc-${n}`,
    outcome: 'ok',
  };
}
