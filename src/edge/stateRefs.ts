import type { DocumentMetadata } from '../storage/documentStore';

/**
 * Blob metadata on a conversation's state document, written in the same request as the state: the record ids it
 * mentions (incidents, escalations, evidence), so that a purge reads only the states that may name the record it
 * removes. Ids are opaque (never names); `ALL` when there are too many to list, which makes every purge read it.
 */
export const STATE_REFS_METADATA = 'bakenrefs';
const ALL = '*';
/** No ids (a metadata value is never left empty: storage may drop an empty one). */
const NONE = '-';

/** Record ids as Baken makes them: an incident (a UUID), an escalation (esc-…) and evidence (ev-…). */
const RECORD_ID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|(?:esc|ev)-[0-9a-f]{20}/g;
/** Room for about a hundred ids; blob metadata holds 8 KB in all. */
const MAX_REFS_LENGTH = 4000;

/** The metadata of a state document with this JSON text. */
export function stateRefsMetadata(json: string): DocumentMetadata {
  const refs = [...new Set(json.match(RECORD_ID) ?? [])].join(' ');
  if (refs.length > MAX_REFS_LENGTH) return { [STATE_REFS_METADATA]: ALL };
  return { [STATE_REFS_METADATA]: refs === '' ? NONE : refs };
}

/** Whether a text is exactly one record id of a form the metadata lists. */
function isRecordId(text: string): boolean {
  return (text.match(RECORD_ID) ?? [])[0] === text;
}

/**
 * Whether a state document with this metadata may mention one of the ids: when its metadata lists one, says "all",
 * or is missing (a state written before the metadata existed), and for any id of a form the metadata does not list.
 */
export function stateMayMention(metadata: DocumentMetadata | undefined, ids: readonly string[]): boolean {
  const refs = metadata?.[STATE_REFS_METADATA];
  if (refs === undefined || refs === ALL) return true;
  const listed = new Set(refs.split(' '));
  return ids.some((id) => !isRecordId(id) || listed.has(id));
}
