import type { DocumentMetadata } from '../storage/documentStore';
import { escalationKindSchema, type EscalationKind } from '../flows/flowSchema';
import type { EscalationRecord } from './escalationRecord';

/** Metadata names (lower case, as Blob storage gives them back). */
const STATUS = 'bakenstatus';
const KIND = 'bakenkind';
const RESOLVED_AT = 'bakenresolvedat';

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
  };
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
