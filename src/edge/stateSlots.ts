import type { ConversationState, StatePropertyAccessor } from 'botbuilder';
import type { DialogState } from 'botbuilder-dialogs/lib/dialogContext';
import type { StateSlot } from './turn';

/**
 * The slots of a conversation's state document: each name is a property of documents already stored, so it must
 * stay exactly as it is. Every slot is named here, and opened through the typed accessors below.
 */
export const STATE_SLOTS = {
  /** The dialog stack. */
  dialogState: 'dialogState',
  /** Whether the welcome was shown. */
  welcomed: 'welcomed',
  /** The flow runs of the conversation (parsed by FlowRunStore). */
  flowRuns: 'flowRuns',
  /** The team a person chose when asked "Voor welk team?". */
  chosenTeam: 'escalationTeamId',
} as const;

/** The dialog stack of the conversation. */
export function dialogStateSlot(state: ConversationState): StatePropertyAccessor<DialogState> {
  return state.createProperty<DialogState>(STATE_SLOTS.dialogState);
}

/** Whether the welcome was shown in the conversation. */
export function welcomedSlot(state: ConversationState): StatePropertyAccessor<boolean> {
  return state.createProperty<boolean>(STATE_SLOTS.welcomed);
}

/** The conversation's flow runs, as stored (FlowRunStore parses them). */
export function flowRunsSlot(state: ConversationState): StatePropertyAccessor<unknown> {
  return state.createProperty<unknown>(STATE_SLOTS.flowRuns);
}

/** The team the person chose in this (1:1) conversation, asked once when they are in several teams. */
export function chosenTeamSlot(state: ConversationState): StatePropertyAccessor<string | undefined> {
  return state.createProperty<string | undefined>(STATE_SLOTS.chosenTeam);
}

/** The slots the features use, each opened once on the conversation state. */
export interface ConversationSlots {
  dialogState: StateSlot<DialogState>;
  flowRuns: StateSlot<unknown>;
  chosenTeam: StateSlot<string | undefined>;
}

/** Opens the features' slots on the conversation state. */
export function conversationSlots(state: ConversationState): ConversationSlots {
  return {
    dialogState: dialogStateSlot(state),
    flowRuns: flowRunsSlot(state),
    chosenTeam: chosenTeamSlot(state),
  };
}
