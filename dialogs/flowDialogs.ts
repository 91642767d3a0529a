// The dialog modules alone: the package index also loads its prompts' language recognizers (~16 MB of heap).
import type { DialogState } from 'botbuilder-dialogs/lib/dialogContext';
import { DialogSet } from 'botbuilder-dialogs/lib/dialogSet';
import { sdkTurn } from '../src/edge/sdkTurn';
import type { StateSlot, Turn } from '../src/edge/turn';
import { isAnswer, type Answer } from '../src/bot/answer';
import { FlowDialog, type FlowDialogOptions } from './flowDialog';

/** The stored dialog stack of a conversation (which flow dialog is active). */
export type DialogStack = DialogState;

/** The dialog stack of one turn, as the flow handlers use it. */
export interface FlowDialogStack {
  /** The flow dialog on top of the stack, if any. */
  readonly activeDialog?: { readonly id: string };
  /** Hands the turn to the active flow dialog; its answer (undefined: it sent everything itself). */
  continueDialog(): Promise<Answer | undefined>;
  /** Begins a flow dialog by its id; its answer. */
  beginDialog(dialogId: string, options?: FlowDialogOptions): Promise<Answer | undefined>;
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

  /** The turn's dialog stack, loaded from the conversation's state; a dialog's answer is its turn result. */
  async open(turn: Turn): Promise<FlowDialogStack> {
    const dc = await this.set.createContext(sdkTurn(turn));
    return {
      get activeDialog() {
        return dc.activeDialog;
      },
      continueDialog: async () => answerOf((await dc.continueDialog()).result),
      beginDialog: async (dialogId, options) => answerOf((await dc.beginDialog(dialogId, options)).result),
      cancelAllDialogs: () => dc.cancelAllDialogs(),
    };
  }
}

/** A dialog's turn result as an answer, when it is one. */
function answerOf(result: unknown): Answer | undefined {
  return isAnswer(result) ? result : undefined;
}
