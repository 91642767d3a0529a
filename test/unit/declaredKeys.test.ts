import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import {
  OUTBOX_ALERT_KEY_PREFIX,
  PURGE_KEY_PREFIX,
  aftercareKeys,
  escalationKeys,
  escalationPurpose,
  outboxAlertKey,
  purgeKey,
  refusalKey,
} from '../../src/delivery/outboxKeys';
import {
  conversationThread,
  escalationThread,
  isEscalationThread,
  outboxAlertThread,
  purgeThread,
  userThread,
} from '../../src/delivery/threads';
import { STATE_SLOTS } from '../../src/edge/stateSlots';

// Outbox documents and conversation state already stored use these names: they must never change.
describe('declared thread names, outbox keys and state slots', () => {
  it('builds thread names exactly as stored', () => {
    expect(userThread('aad-1')).toBe('user:aad-1');
    expect(conversationThread('19:abc@thread.tacv2')).toBe('conv:19:abc@thread.tacv2');
    expect(escalationThread('esc-1')).toBe('esc:esc-1');
    expect(purgeThread('h1')).toBe('purge:h1');
    expect(outboxAlertThread('a1')).toBe('outbox-alert:a1');
    expect(isEscalationThread('esc:esc-1')).toBe(true);
    expect(isEscalationThread('user:esc-1')).toBe(false);
    expect(isEscalationThread('purge:esc:1')).toBe(false);
  });

  it('builds escalation keys exactly as stored', () => {
    expect(escalationKeys.prefix('esc-1')).toBe('esc-1:');
    expect(escalationKeys.notice('esc-1')).toBe('esc-1:notice');
    expect(escalationKeys.noticeUpdate('esc-1', 3)).toBe('esc-1:update:3');
    expect(escalationKeys.copyUpdate('esc-1', 3, 'esc-1:notice:manager:m1')).toBe(
      'esc-1:copy-update:3:esc-1:notice:manager:m1',
    );
    expect(escalationKeys.threadReminder('esc-1', 2)).toBe('esc-1:reminder:2:thread');
    expect(escalationKeys.toManager('esc-1', escalationPurpose.notice, 'm1')).toBe('esc-1:notice:manager:m1');
    expect(escalationKeys.toAdmin('esc-1', escalationPurpose.channelFailed, 'a1')).toBe(
      'esc-1:channel-failed:admin:a1',
    );
    expect(escalationKeys.toAdmin('esc-1', escalationPurpose.notPickedUp, 'a1')).toBe(
      'esc-1:not-picked-up:admin:a1',
    );
    expect(escalationKeys.toManager('esc-1', escalationPurpose.noticeFallback, 'm1')).toBe(
      'esc-1:notice-fallback:manager:m1',
    );
    expect(escalationKeys.toManager('esc-1', escalationPurpose.reminder(2), 'm1')).toBe(
      'esc-1:reminder:2:manager:m1',
    );
    expect(escalationKeys.toPerson('esc-1', escalationPurpose.reporter('routed'))).toBe(
      'esc-1:reporter:routed',
    );
    expect(escalationKeys.toPerson('esc-1', escalationPurpose.reporter('acknowledged'))).toBe(
      'esc-1:reporter:acknowledged',
    );
    expect(escalationKeys.toPerson('esc-1', escalationPurpose.reporter('resolved'))).toBe(
      'esc-1:reporter:resolved',
    );
    expect(escalationKeys.toPerson('esc-1', escalationPurpose.reporter('not-picked-up'))).toBe(
      'esc-1:reporter:not-picked-up',
    );
    expect(escalationKeys.toPerson('esc-1', escalationPurpose.details('act-9'))).toBe('esc-1:details:act-9');
    expect(escalationKeys.toPerson('esc-1', escalationPurpose.timeline('act-9'))).toBe(
      'esc-1:timeline:act-9',
    );
  });

  it('builds aftercare, purge and refusal keys exactly as stored', () => {
    expect(aftercareKeys.staffTold('nz-1')).toBe('aftercare:nz-1:staff-told');
    expect(aftercareKeys.response('nz-1', 'wanted', 4)).toBe('aftercare:nz-1:wanted:4');
    expect(aftercareKeys.put('nz-1', 4, 'ab12')).toBe('aftercare:nz-1:put:4:ab12');
    expect(aftercareKeys.reminder('nz-1', '2025-03-04', 4, 'o1')).toBe(
      'aftercare:nz-1:reminder:2025-03-04:4:o1',
    );
    expect(PURGE_KEY_PREFIX).toBe('purge:');
    expect(purgeKey('p1', 'h1')).toBe('purge:p1:h1');
    expect(refusalKey('act-9', 'aad-1', 1700000000000)).toBe('refusal:act-9');
    expect(OUTBOX_ALERT_KEY_PREFIX).toBe('outbox-alert:');
    expect(outboxAlertKey('0123456789abcdef', 'a1')).toBe('outbox-alert:0123456789abcdef:a1');
    expect(refusalKey(undefined, 'aad-1', 1700000000000)).toBe('refusal:aad-1:1700000000000');
  });

  it('names the conversation-state slots exactly as stored', () => {
    expect(STATE_SLOTS).toEqual({
      dialogState: 'dialogState',
      welcomed: 'welcomed',
      flowRuns: 'flowRuns',
      chosenTeam: 'escalationTeamId',
    });
  });
});

/** The modules that declare the names; nothing else may spell them out. */
const DECLARING = new Set([
  'src/delivery/threads.ts',
  'src/delivery/outboxKeys.ts',
  'src/edge/stateSlots.ts',
]);

/** What building a thread name, outbox key or state slot by hand looks like. */
const HAND_BUILT: Array<[string, RegExp]> = [
  ['user thread', /`user:\$\{/],
  ['conversation thread', /`conv:\$\{/],
  ['escalation thread', /['"`]esc:/],
  ['purge thread or key', /['"`]purge:/],
  ['notice key', /:notice['"`]/],
  ['escalation key', /\}:(update|copy-update|reminder|notice|details|timeline|reporter)[:`]/],
  ['escalation purpose', /['"`](reporter|details|timeline|reminder):/],
  ['escalation recipient key', /:(manager|admin):\$\{/],
  ['aftercare key', /`aftercare:\$\{/],
  ['refusal key', /['"`]refusal:/],
  ['outbox alert key or thread', /['"`]outbox-alert:/],
  ['state slot', /['"`](flowRuns|escalationTeamId|dialogState|welcomed)['"`]/],
  ['state slot created by name', /\.createProperty\s*[<(]/],
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|cts|mts|js|cjs)$/.test(entry.name) ? [full] : [];
  });
}

describe('no thread name, outbox key or state slot built by hand', () => {
  const root = path.resolve(__dirname, '../..');
  const files = ['src', 'dialogs', 'cards', 'scripts']
    .flatMap((dir) => sourceFiles(path.join(root, dir)))
    .map((file) => path.relative(root, file).split(path.sep).join('/'));

  it('reads the whole source tree', () => {
    expect(files.length).toBeGreaterThan(100);
    for (const file of DECLARING) expect(files).toContain(file);
  });

  it('finds them only in the declaring modules', () => {
    const found: string[] = [];
    for (const file of files) {
      if (DECLARING.has(file)) continue;
      const lines = readFileSync(path.join(root, file), 'utf8').split('\n');
      for (const [i, line] of lines.entries()) {
        for (const [what, pattern] of HAND_BUILT)
          if (pattern.test(line)) found.push(`${file}:${i + 1} ${what}: ${line.trim()}`);
      }
    }
    expect(found).toEqual([]);
  });

  it('recognises each old way of writing them', () => {
    const old = [
      'thread: `user:${person.aadObjectId}`,',
      'return `conv:${operation.channelId}`;',
      "directThread: (thread) => thread.startsWith('esc:'),",
      "const REMOVAL_PREFIX = 'purge:';",
      'await this.outbox.get(`${target.escalationId}:notice`)',
      'key: `${record.id}:update:${record.revision}`,',
      "this.reporterEntry(record, 'reporter:routed', {",
      'key: `${record.id}:${purpose}:manager:${manager.aadObjectId}`,',
      'key: `aftercare:${stored.id}:staff-told`,',
      'key: `refusal:${context.activity.id}`,',
      'thread: `outbox-alert:${aadObjectId}`,',
      "new FlowRunStore(deps.conversationState.createProperty('flowRuns'));",
      "state.get('escalationTeamId')",
    ];
    for (const line of old) expect(HAND_BUILT.some(([, pattern]) => pattern.test(line))).toBe(true);
  });
});
