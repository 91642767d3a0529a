import { z } from 'zod';
import { FORM_TEXT_MAX_LENGTH } from '../flows/flowSchema';

const isoTime = z.iso.datetime({ offset: true });
const fieldId = z.string().regex(/^[a-z0-9_]{1,40}$/);

/** An incident id: the id of the flow run that started it (a UUID). */
export const incidentIdSchema = z.string().regex(/^[A-Za-z0-9-]{8,80}$/);

/** A person on an incident: Entra object id, display name and Teams user id. */
export const incidentPersonSchema = z.object({
  aadObjectId: z.string().min(1).max(100),
  name: z.string().max(200),
  userId: z.string().min(1).max(200),
});
/** A person on an incident. */
export type IncidentPerson = z.infer<typeof incidentPersonSchema>;

/** What the reporter did with one step of the flow: filled in (with the fields) or skipped. */
export const incidentStepSchema = z.object({
  status: z.enum(['ingevuld', 'overgeslagen']),
  /** Field values by field id; texts are short and never logged. */
  fields: z.record(fieldId, z.string().max(FORM_TEXT_MAX_LENGTH)).default({}),
  updatedAt: isoTime,
  updatedBy: z.string().min(1).max(100),
});
/** The state of one step. */
export type IncidentStep = z.infer<typeof incidentStepSchema>;

/** One stored piece of evidence (a screenshot): where it is and what proves it unchanged. */
export const evidenceRefSchema = z.object({
  id: z.string().regex(/^ev-[a-z0-9]{8,40}$/),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  size: z.number().int().min(1),
  contentType: z.enum(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/bmp']),
  uploadedBy: z.object({ aadObjectId: z.string().min(1).max(100), name: z.string().max(200) }),
  uploadedAt: isoTime,
  /** A Teams inline image or a file attachment. */
  source: z.enum(['inline', 'file']),
});
/** A piece of evidence. */
export type EvidenceRef = z.infer<typeof evidenceRefSchema>;

/** What happened to an incident, as codes (never free text). */
export const incidentTimelineActionSchema = z.enum([
  'created',
  'step_filled',
  'step_skipped',
  'step_updated',
  'evidence_added',
  'managers_notified',
  'alarm',
]);

/** One line of an incident's timeline. */
export const incidentTimelineEntrySchema = z.object({
  at: isoTime,
  actorId: z.string().min(1).max(100),
  action: incidentTimelineActionSchema,
  /** The step or evidence id the line is about. */
  ref: z.string().max(80).optional(),
});
/** A timeline entry. */
export type IncidentTimelineEntry = z.infer<typeof incidentTimelineEntrySchema>;

/** An escalation made for the incident (with consent, or a later "Trek aan de bel"). */
export const incidentEscalationSchema = z.object({
  id: z.string().min(1).max(80),
  at: isoTime,
  reason: z.enum(['consent', 'alarm']),
});

/**
 * Online harassment of a staff member (PRODUCT.md item 6): its own document, changed only with ETag-checked
 * updates. Readable by the reporter, and by the managers of its team once the reporter shared it.
 */
export const incidentRecordSchema = z.object({
  id: incidentIdSchema,
  schemaVersion: z.literal(1),
  /** The version of the flow the steps were filled in with. */
  flowVersion: z.number().int().min(1),
  reporter: incidentPersonSchema,
  /** The reporter's team: its managers may read the incident once it is shared. */
  teamId: z.string().min(1).max(200).optional(),
  status: z.enum(['open', 'closed']),
  /** True once the reporter agreed to notify the managers (or pulled the alarm). */
  sharedWithManagers: z.boolean().default(false),
  steps: z.record(fieldId, incidentStepSchema).default({}),
  evidence: z.array(evidenceRefSchema).max(50).default([]),
  escalations: z.array(incidentEscalationSchema).max(50).default([]),
  timeline: z.array(incidentTimelineEntrySchema).max(1000).default([]),
  createdAt: isoTime,
  updatedAt: isoTime,
  closedAt: isoTime.optional(),
  /** Counts every change; cards carry it so a very old card can be recognised. */
  revision: z.number().int().min(0),
});
/** An incident record. */
export type IncidentRecord = z.infer<typeof incidentRecordSchema>;

/** The blob name of an incident in the records container. */
export function incidentDocName(id: string): string {
  return `incidents/${id}.json`;
}

/** The prefix all incident documents share. */
export const INCIDENT_PREFIX = 'incidents/';

/** How many incidents a list shows per section ("Mijn meldingen"; the managers' lists): only these are read. */
export const LIST_LIMIT = 15;
