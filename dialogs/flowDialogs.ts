// The dialog modules alone: the package index also loads its prompts' language recognizers (~16 MB of heap).
import type { DialogState } from 'botbuilder-dialogs/lib/dialogContext';
import { DialogSet } from 'botbuilder-dialogs/lib/dialogSet';
import { sdkTurn } from '../src/edge/sdkTurn';
import type { StateSlot, Turn } from '../src/edge/turn';
import { FlowDialog, type FlowDialogOptions } from './flowDialog';

/** The stored dialog stack of a conversation (which flow dialog is active). */
export type DialogStack = DialogState;

/** The dialog stack of one turn, as the flow handlers use it. */
export interface FlowDialogStack {
  /** The flow dialog on top of the stack, if any. */
  readonly activeDialog?: { readonly id: string };
  /** Hands the turn to the active flow dialog. */
  continueDialog(): Promise<unknown>;
  /** Begins a flow dialog by its id. */
  beginDialog(dialogId: string, options?: FlowDialogOptions): Promise<unknown>;
  /** Empties the stack (stored flow runs stay). */
  cancelAllDialogs(): Promise<unknown>;
}

/** The flow dialogs, kept on the conversation's dialog stack (botbuilder-dialogs' DialogSet). */
export class FlowDialogs {
  private readonly set: DialogSet;

  constructor(dialogState: StateSlot<DialogStack>) {
    this.set = new DialogSet(dialogState);
  }

  /** Adds a flow's dialog. */
  add(dialog: FlowDialog): void {
    this.set.add(dialog);
  }

  /** The flow dialog of that id, if one was added. */
  find(dialogId: string): FlowDialog | undefined {
    const dialog = this.set.find(dialogId);
    return dialog instanceof FlowDialog ? dialog : undefined;
  }

  /** The turn's dialog stack, loaded from the conversation's state. */
  open(turn: Turn): Promise<FlowDialogStack> {
    return this.set.createContext(sdkTurn(turn));
  }
}
