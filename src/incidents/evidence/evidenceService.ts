import { randomUUID } from 'node:crypto';
import type { Clock } from '../../clock';
import type { Logger } from '../../logger';
import { ok, refused, type Outcome } from '../../platform/outcome';
import type { EvidenceRef, IncidentRecord } from '../incidentRecord';
import type { IncidentActor, IncidentService, IncidentStart, ManagerCheck } from '../incidentService';
import { fetchAttachment, type FetchPolicy } from './attachmentFetcher';
import type { EvidenceLinks } from './evidenceLinks';
import { sha256Hex, type EvidenceStore } from './evidenceStore';
import { sniffImageType } from './imageType';

/** An attachment Teams sent: where to download it, and what kind it was. */
export interface AttachmentSource {
  url: string;
  source: 'inline' | 'file';
}

/** What became of one attachment. */
export type CollectOutcome =
  /** `shared`: whether the team's managers can see the incident (and so this screenshot) now. */
  Outcome<
    { ref: EvidenceRef; shared: boolean },
    'not_image' | 'too_large' | 'download_failed' | 'too_many' | 'no_incident'
  >;

/** The most pieces of evidence one incident keeps. */
export const MAX_EVIDENCE_PER_INCIDENT = 20;

/** What the evidence service needs. */
export interface EvidenceServiceDeps {
  incidents: IncidentService;
  store: EvidenceStore;
  links: EvidenceLinks;
  policy: FetchPolicy;
  clock: Clock;
  logger: Logger;
}

/** The bytes of one piece of evidence for a viewer, or why not. */
export type EvidenceRead = Outcome<
  { ref: EvidenceRef; bytes: Buffer; record: IncidentRecord },
  'not_found' | 'refused' | 'damaged'
>;

/**
 * Screenshots as evidence for an incident: downloaded (token only to allowlisted hosts, hard size cap), checked
 * to really be an image, stored with their SHA-256, and given back only to the reporter and the team's
 * managers, inline or through a one-time link. Every access is audited.
 */
export class EvidenceService {
  constructor(private readonly deps: EvidenceServiceDeps) {}

  /** Downloads, checks and stores the attachments of the reporter's message, one outcome per attachment. */
  async collect(
    actor: IncidentActor,
    start: IncidentStart,
    attachments: AttachmentSource[],
  ): Promise<CollectOutcome[]> {
    const { incidents, clock, logger } = this.deps;
    const incident = await incidents.ensure(actor, start);
    if (!incident) return attachments.map(() => refused('no_incident'));
    let count = incident.evidence.length;
    const outcomes: CollectOutcome[] = [];
    for (const attachment of attachments) {
      if (count >= MAX_EVIDENCE_PER_INCIDENT) {
        outcomes.push(refused('too_many'));
        continue;
      }
      const fetched = await fetchAttachment(attachment.url, this.deps.policy);
      if (!fetched.ok) {
        logger.warn('evidence_download_refused', { incident: incident.id, reason: fetched.reason });
        outcomes.push(refused(fetched.reason === 'too_large' ? 'too_large' : 'download_failed'));
        continue;
      }
      const contentType = sniffImageType(fetched.bytes);
      if (!contentType || fetched.bytes.length === 0) {
        logger.warn('evidence_not_an_image', { incident: incident.id, size: fetched.bytes.length });
        outcomes.push(refused('not_image'));
        continue;
      }
      const ref: EvidenceRef = {
        id: `ev-${randomUUID().replace(/-/g, '').slice(0, 20)}`,
        sha256: sha256Hex(fetched.bytes),
        size: fetched.bytes.length,
        contentType,
        uploadedBy: { aadObjectId: actor.aadObjectId, name: actor.name },
        uploadedAt: clock.now().toISOString(),
        source: attachment.source,
      };
      // Bytes first, then the record: a record never points at evidence that is not stored.
      await this.deps.store.put(incident.id, ref, fetched.bytes);
      await incidents.addEvidence(actor, incident.id, ref);
      logger.info('evidence_stored', {
        incident: incident.id,
        evidence: ref.id,
        size: ref.size,
        tokenSent: fetched.tokenSent,
      });
      outcomes.push(ok({ ref, shared: incident.sharedWithManagers }));
      count++;
    }
    return outcomes;
  }

  /** The bytes for showing inline in the viewer's 1:1 chat; audited. */
  async read(
    viewer: IncidentActor,
    incidentId: string,
    evidenceId: string,
    managers: ManagerCheck,
  ): Promise<EvidenceRead> {
    const found = await this.find(viewer, incidentId, evidenceId, managers, 'evidence.view');
    if (!found.ok) return found;
    const stored = await this.deps.store.get(found.record.id, found.ref);
    if (!stored) return refused('not_found');
    if (!stored.intact) return refused('damaged');
    return ok({ ref: found.ref, bytes: stored.bytes, record: found.record });
  }

  /** Issues a one-time link (five minutes) for the viewer; audited. */
  async issueLink(
    viewer: IncidentActor,
    incidentId: string,
    evidenceId: string,
    managers: ManagerCheck,
  ): Promise<Outcome<{ token: string; expiresAt: string }, 'not_found' | 'refused'>> {
    const found = await this.find(viewer, incidentId, evidenceId, managers, 'evidence.link_issue');
    if (!found.ok) return refused(found.reason === 'refused' ? 'refused' : 'not_found');
    const issued = await this.deps.links.issue({
      incidentId: found.record.id,
      evidenceId: found.ref.id,
      issuedTo: { aadObjectId: viewer.aadObjectId, name: viewer.name },
    });
    return ok(issued);
  }

  /** Serves a link: the bytes the first time within five minutes, never again; audited as the person it was issued to. */
  async redeemLink(token: string): Promise<EvidenceRead> {
    const redeemed = await this.deps.links.redeem(token);
    if (!redeemed.ok) return refused('not_found');
    const { link } = redeemed;
    const actor: IncidentActor = { ...link.issuedTo, userId: link.issuedTo.aadObjectId };
    const record = await this.deps.incidents.peek(link.incidentId);
    const ref = record?.evidence.find((e) => e.id === link.evidenceId);
    if (!record || !ref) return refused('not_found');
    const stored = await this.deps.store.get(record.id, ref);
    await this.deps.incidents.logEvidence(
      'evidence.link_use',
      record.id,
      record.teamId,
      ref.id,
      actor,
      'unknown',
      stored?.intact ? 'ok' : 'refused',
    );
    if (!stored) return refused('not_found');
    if (!stored.intact) return refused('damaged');
    return ok({ ref, bytes: stored.bytes, record });
  }

  private async find(
    viewer: IncidentActor,
    incidentId: string,
    evidenceId: string,
    managers: ManagerCheck,
    action: string,
  ): Promise<Outcome<{ record: IncidentRecord; ref: EvidenceRef }, 'not_found' | 'refused'>> {
    const { incidents } = this.deps;
    const record = await incidents.peek(incidentId);
    const role = record ? await incidents.roleOf(viewer, record, managers) : undefined;
    const ref = record?.evidence.find((e) => e.id === evidenceId);
    const auditRole = role === 'reporter' ? 'staff' : (role ?? 'unknown');
    await incidents.logEvidence(
      action,
      incidentId,
      record?.teamId,
      evidenceId,
      viewer,
      auditRole,
      role && ref ? 'ok' : 'refused',
    );
    if (!record || (role && !ref)) return refused('not_found');
    if (!role || !ref) return refused('refused');
    return ok({ record, ref });
  }
}
