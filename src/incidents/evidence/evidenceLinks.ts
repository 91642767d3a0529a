import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Clock } from '../../clock';
import { ok, refused, type Outcome } from '../../platform/outcome';
import type { DocumentStore } from '../../storage/documentStore';

/** How long a link to evidence works. */
export const EVIDENCE_LINK_TTL_MS = 5 * 60 * 1000;

const linkSchema = z.object({
  incidentId: z.string().min(1).max(80),
  evidenceId: z.string().min(1).max(80),
  issuedTo: z.object({ aadObjectId: z.string().min(1).max(100), name: z.string().max(200) }),
  issuedAt: z.iso.datetime({ offset: true }),
  expiresAt: z.iso.datetime({ offset: true }),
  usedAt: z.iso.datetime({ offset: true }).optional(),
});
/** A one-time link as stored (under the hash of its token, never the token itself). */
export type EvidenceLink = z.infer<typeof linkSchema>;

/** What every link's document name starts with. */
const LINK_PREFIX = 'evidence-links/';
/** Blob metadata naming the incident a link is for (an opaque id), written with the link: the purge lists it. */
const INCIDENT_METADATA = 'bakenincident';

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** The document name of a link: the SHA-256 of its token, so storage never holds a usable token. */
function linkDocName(token: string): string {
  return `${LINK_PREFIX}${createHash('sha256').update(token).digest('hex')}.json`;
}

/**
 * One-time links to evidence, kept in the records container so any Baken process can serve them. A link works
 * once (the first redeem wins an ETag-checked update) and only within five minutes of issue.
 */
export class EvidenceLinks {
  constructor(
    private readonly documents: DocumentStore,
    private readonly clock: Clock,
  ) {}

  /** Issues a new link token for a piece of evidence. */
  async issue(
    link: Omit<EvidenceLink, 'issuedAt' | 'expiresAt' | 'usedAt'>,
  ): Promise<{ token: string; expiresAt: string }> {
    const token = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + EVIDENCE_LINK_TTL_MS).toISOString();
    await this.documents.create(
      linkDocName(token),
      { ...link, issuedAt: now.toISOString(), expiresAt },
      { [INCIDENT_METADATA]: link.incidentId },
    );
    return { token, expiresAt };
  }

  /**
   * Deletes every link to the incident's evidence (its retention purge). One listing with metadata says which links
   * are for it; only a link written before that metadata existed is read. `readQuietly` treats a damaged link as
   * absent (the purge goes on). Returns how many were deleted.
   */
  async deleteFor(
    incidentId: string,
    readQuietly: <T>(read: () => Promise<T | undefined>) => Promise<T | undefined>,
  ): Promise<number> {
    let deleted = 0;
    for (const { name, metadata } of await this.documents.listVersions(LINK_PREFIX, { metadata: true })) {
      const labelled = metadata?.[INCIDENT_METADATA];
      const forIncident =
        labelled !== undefined
          ? labelled === incidentId
          : (await readQuietly(() => this.documents.read(name, linkSchema)))?.value.incidentId === incidentId;
      if (!forIncident) continue;
      await this.documents.delete(name);
      deleted++;
    }
    return deleted;
  }

  /** Uses a link: the link when this is its first use within its time, otherwise why not. */
  async redeem(token: string): Promise<Outcome<{ link: EvidenceLink }, 'unknown' | 'used' | 'expired'>> {
    if (!TOKEN.test(token)) return refused('unknown');
    const now = this.clock.now();
    const result: { outcome: 'unknown' | 'used' | 'expired' | 'ok' } = { outcome: 'unknown' };
    const stored = await this.documents.update(linkDocName(token), linkSchema, (current) => {
      if (!current) {
        result.outcome = 'unknown';
        return undefined;
      }
      if (current.usedAt) {
        result.outcome = 'used';
        return undefined;
      }
      if (new Date(current.expiresAt).getTime() <= now.getTime()) {
        result.outcome = 'expired';
        return undefined;
      }
      result.outcome = 'ok';
      return { ...current, usedAt: now.toISOString() };
    });
    const { outcome } = result;
    if (outcome === 'ok' && stored) return ok({ link: stored });
    return refused(outcome === 'ok' ? 'unknown' : outcome);
  }
}
