import type { TurnAttachment } from '../edge/turn';
import type { AttachmentSource } from './evidence/evidenceService';

/** Teams' content type for a file someone attached (content.downloadUrl is a pre-authenticated link). */
export const FILE_DOWNLOAD_INFO = 'application/vnd.microsoft.teams.file.download.info';

/** The most attachments taken from one message. */
export const MAX_ATTACHMENTS_PER_MESSAGE = 5;

/**
 * The attachments of a Teams message that could be screenshots: inline images (image/* with contentUrl) and
 * attached files (download info with downloadUrl). The text/html copy of the message is left out.
 */
export function attachmentSources(attachments: TurnAttachment[] | undefined): AttachmentSource[] {
  const sources: AttachmentSource[] = [];
  for (const attachment of attachments ?? []) {
    const content = attachment.content as { downloadUrl?: unknown } | undefined;
    if (attachment.contentType === FILE_DOWNLOAD_INFO && typeof content?.downloadUrl === 'string') {
      sources.push({ url: content.downloadUrl, source: 'file' });
    } else if (attachment.contentType?.startsWith('image/') && typeof attachment.contentUrl === 'string') {
      sources.push({ url: attachment.contentUrl, source: 'inline' });
    }
  }
  return sources.slice(0, MAX_ATTACHMENTS_PER_MESSAGE);
}

/** True when the message carries an attachment the incident flow would look at. */
export function hasAttachmentSources(attachments: TurnAttachment[] | undefined): boolean {
  return attachmentSources(attachments).length > 0;
}
