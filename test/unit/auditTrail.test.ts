import { FakeClock } from '../../src/clock';
import type { AuditEntry } from '../../src/storage/auditLog';
import { AuditTrail } from '../../src/storage/auditTrail';

describe('AuditTrail', () => {
  const at = new Date('2025-03-04T10:00:00.000Z');
  function trail() {
    const lines: string[] = [];
    const log = { append: async (entry: AuditEntry) => void lines.push(JSON.stringify(entry)) };
    return { audit: new AuditTrail(log, new FakeClock(at)), lines };
  }

  it('writes a person’s line as the audit log has always had it', async () => {
    const { audit, lines } = trail();
    await audit.write(
      { action: 'escalation.details', objectType: 'escalation', objectId: 'esc-1', teamId: 'team-1' },
      { aadObjectId: 'aad-1', name: 'Anna', conversationId: 'conv-1', role: 'manager' },
      'refused',
    );
    expect(lines).toEqual([
      '{"at":"2025-03-04T10:00:00.000Z","actorId":"aad-1","actorName":"Anna","role":"manager",' +
        '"action":"escalation.details","objectType":"escalation","objectId":"esc-1","teamId":"team-1",' +
        '"conversationId":"conv-1","outcome":"refused"}',
    ]);
  });

  it('names Baken itself when no one is given', async () => {
    const { audit, lines } = trail();
    await audit.write({ action: 'incident.purge', objectType: 'incident', objectId: 'inc-1' });
    expect(lines).toEqual([
      '{"at":"2025-03-04T10:00:00.000Z","actorId":"baken","actorName":"Baken","role":"system",' +
        '"action":"incident.purge","objectType":"incident","objectId":"inc-1","outcome":"ok"}',
    ]);
  });
});
