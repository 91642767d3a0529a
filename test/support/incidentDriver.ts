import { FILE_DOWNLOAD_INFO } from '../../src/incidents/incidentAttachments';
import { buttonOf, buttonsOf } from './cardWalk';
import type { TestBaken } from './harness';
import { cardInvoke, personalConversation, personalMessage, type TestUser } from './teams';

/** A 1×1 PNG. */
export const PNG_1PX = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

/** A Teams inline image attachment. */
export function inlineImage(url: string, contentType = 'image/*') {
  return { contentType, contentUrl: url };
}

/** A Teams file attachment (download info with a pre-authenticated download URL). */
export function fileAttachment(url: string, name = 'scherm.png') {
  return {
    contentType: FILE_DOWNLOAD_INFO,
    name,
    content: { downloadUrl: url, uniqueId: 'a1b2c3', fileType: name.split('.').pop() },
  };
}

/**
 * One person using Baken 1:1 over the real protocol: presses buttons on the card last shown (Action.Execute
 * invokes, answered in place), types text and sends attachments (answered by posts at the connector).
 */
export class PersonalDriver {
  card: Record<string, unknown> | undefined;

  constructor(
    private readonly baken: Pick<TestBaken, 'send' | 'connector'>,
    readonly user: TestUser,
  ) {}

  /** Sends an Action.Execute with the data; the card in the answer becomes the current card. */
  async invoke(
    data: Record<string, unknown>,
  ): Promise<{ status: number; card?: Record<string, unknown>; text?: string }> {
    const res = await this.baken.send(cardInvoke(this.baken.connector.url, this.user, data));
    const body = res.body as { type?: string; value?: unknown } | undefined;
    if (body?.type === 'application/vnd.microsoft.card.adaptive') {
      this.card = body.value as Record<string, unknown>;
      return { status: res.status, card: this.card };
    }
    return { status: res.status, text: typeof body?.value === 'string' ? body.value : undefined };
  }

  /** Presses a button of the current card (or the given one), with input values. */
  async press(title: string, inputs: Record<string, string> = {}, card = this.card) {
    return this.invoke({ ...buttonOf(card, title), ...inputs });
  }

  /** The run or record id the current card's buttons carry. */
  ref(): string {
    const ref = buttonsOf(this.card).find((b) => typeof b.data.ref === 'string')?.data.ref;
    if (typeof ref !== 'string') throw new Error('no ref on the card');
    return ref;
  }

  /** Sends a message (text and/or attachments); returns what the bot posted in this 1:1 chat meanwhile. */
  async message(text: string, attachments: unknown[] = []): Promise<Array<Record<string, unknown>>> {
    const conversation = personalConversation(this.user).id;
    const before = this.baken.connector.posted(conversation).length;
    const res = await this.baken.send({
      ...personalMessage(this.baken.connector.url, this.user, text),
      attachments,
    });
    if (res.status !== 200) throw new Error(`message answered ${res.status}`);
    return this.baken.connector
      .posted(conversation)
      .slice(before)
      .map((c) => c.body);
  }

  /** Starts the incident flow (a new one: an earlier report left unfinished is not continued, as "opnieuw" says). */
  async startIncident(): Promise<string> {
    await this.invoke({ action: 'flow.start', value: 'grensoverschrijdend', confirmed: 'ja' });
    return this.ref();
  }
}

/** The posted texts, joined. */
export function textsOf(posted: Array<Record<string, unknown>>): string {
  return posted.map((p) => String(p.text ?? '')).join('\n');
}
