import type { DocumentMetadata } from '../storage/documentStore';
import { escalationKindSchema, type EscalationKind } from '../flows/flowSchema';
import type { EscalationRecord } from './escalationRecord';

/** Metadata names (lower case, as Blob storage gives them back). */
const STATUS = 'bakenstatus';
const KIND = 'bakenkind';
const RESOLVED_AT = 'bakenresolvedat';
const ABOUT = 'bakenabout';
/** ABOUT's value for an escalation about no record. */
const ABOUT_NOTHING = '-';
/** Record ids that may stand in metadata as they are (opaque ids; metadata values must be ASCII). */
const METADATA_SAFE_ID = /^[A-Za-z0-9_-]{1,80}$/;

/** What an escalation's blob metadata says, so the purge finds what is due from a listing (no document read). */
export interface EscalationFacts {
  status: EscalationRecord['status'];
  kind: EscalationKind;
  /** When it was resolved (ISO), for resolved escalations. */
  resolvedAt?: string;
}

/** The metadata written with every escalation write, in the same request (codes and a time only). */
export function escalationMetadata(record: EscalationRecord): DocumentMetadata {
  return {
    [STATUS]: record.status,
    [KIND]: record.kind,
    ...(record.status === 'resolved' && record.resolvedBy ? { [RESOLVED_AT]: record.resolvedBy.at } : {}),
    // What it is about, so an incident's purge finds its escalations from a listing; left out when the id could
    // not be metadata (then the escalation is read to know).
    ...(!record.recordId
      ? { [ABOUT]: ABOUT_NOTHING }
      : METADATA_SAFE_ID.test(record.recordId)
        ? { [ABOUT]: record.recordId }
        : {}),
  };
}

/**
 * The record id an escalation is about, as its listing's metadata says: '' for none, undefined when the metadata
 * does not say (written before this key existed, or an id that cannot be metadata): read the escalation to know.
 */
export function escalationAboutOf(metadata: DocumentMetadata | undefined): string | undefined {
  const about = metadata?.[ABOUT];
  if (about === undefined) return undefined;
  return about === ABOUT_NOTHING ? '' : about;
}

/** The facts a listing's metadata gives, or undefined for an escalation written before metadata existed. */
export function escalationFactsOf(metadata: DocumentMetadata | undefined): EscalationFacts | undefined {
  const status = metadata?.[STATUS];
  const kind = escalationKindSchema.safeParse(metadata?.[KIND]);
  if (status !== 'open' && status !== 'acknowledged' && status !== 'resolved') return undefined;
  if (!kind.success) return undefined;
  return { status, kind: kind.data, resolvedAt: metadata?.[RESOLVED_AT] };
}

/** The facts of a record as read (for escalations whose metadata is missing). */
export function escalationFacts(record: EscalationRecord): EscalationFacts {
  return {
    status: record.status,
    kind: record.kind,
    resolvedAt: record.status === 'resolved' ? record.resolvedBy?.at : undefined,
  };
}
