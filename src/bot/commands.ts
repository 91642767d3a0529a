import type { FlowId } from '../flows/flowSchema';

/** What a typed message asks for. */
export type TextCommand =
  | { kind: 'menu' }
  | { kind: 'stop' }
  | { kind: 'resume' }
  | { kind: 'startFlow'; flowId: FlowId }
  | { kind: 'setEscalationChannel' }
  | { kind: 'testEscalation' }
  | { kind: 'managers' }
  | { kind: 'myIncidents' }
  | { kind: 'aftercare'; name?: string }
  | { kind: 'status' }
  | { kind: 'unknown' };

/** Every kind of text command, enumerable at run time: the access matrix test (test/access) names each one. */
export const TEXT_COMMAND_KINDS = [
  'menu',
  'stop',
  'resume',
  'startFlow',
  'setEscalationChannel',
  'testEscalation',
  'managers',
  'myIncidents',
  'aftercare',
  'status',
  'unknown',
] as const satisfies ReadonlyArray<TextCommand['kind']>;

/** Does not compile while a kind of TextCommand is missing from TEXT_COMMAND_KINDS. */
type MustBeEmpty<T extends never> = T;
/** The kinds missing from TEXT_COMMAND_KINDS (must stay empty). */
export type UnlistedTextCommandKinds = MustBeEmpty<
  Exclude<TextCommand['kind'], (typeof TEXT_COMMAND_KINDS)[number]>
>;

const FLOW_WORDS: Record<string, FlowId> = {
  grooming: 'grooming',
  'grooming-check': 'grooming',
  groomingcheck: 'grooming',
  verliefd: 'verliefd',
  'online verliefd': 'verliefd',
  uitbuiting: 'uitbuiting',
  'online uitbuiting': 'uitbuiting',
  gesprekstips: 'gesprekstips',
  tips: 'gesprekstips',
  voorkomen: 'voorkomen',
  grensoverschrijdend: 'grensoverschrijdend',
  'grensoverschrijdend gedrag': 'grensoverschrijdend',
  'online grensoverschrijdend gedrag': 'grensoverschrijdend',
};

/** Parses typed text (mention already removed) into a command; case and punctuation do not matter. */
export function parseCommand(text: string | undefined): TextCommand {
  const word = (text ?? '')
    .toLowerCase()
    .replace(/[.!?,;:'"]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (['menu', 'help', 'hallo', 'hoi', 'start', 'hulp', ''].includes(word)) return { kind: 'menu' };
  if (['stop', 'stoppen', 'annuleer', 'cancel'].includes(word)) return { kind: 'stop' };
  if (['verder', 'verder waar je was', 'hervat'].includes(word)) return { kind: 'resume' };
  if (word === 'meldkanaal') return { kind: 'setEscalationChannel' };
  if (word === 'testmelding') return { kind: 'testEscalation' };
  if (word === 'managers' || word === 'leidinggevenden') return { kind: 'managers' };
  if (['mijn meldingen', 'meldingen'].includes(word)) return { kind: 'myIncidents' };
  if (word === 'nazorg') return { kind: 'aftercare' };
  // Admins only (ADMIN_IDS): for anyone else the bot answers as it does unknown text.
  if (word === 'status') return { kind: 'status' };
  if (word.startsWith('nazorg '))
    return { kind: 'aftercare', name: word.slice('nazorg '.length).slice(0, 100) };
  const flowId = FLOW_WORDS[word];
  if (flowId) return { kind: 'startFlow', flowId };
  return { kind: 'unknown' };
}
