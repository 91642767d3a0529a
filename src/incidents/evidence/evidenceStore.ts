import { createHash } from 'node:crypto';
import type { EvidenceRef } from '../incidentRecord';
import { translateStorageError } from '../../storage/errors';
import type { EvidenceBlobs } from '../../storage/evidenceBlobs';

/** The blob name of a piece of evidence in the evidence container. */
export function evidenceBlobName(incidentId: string, evidenceId: string): string {
  return `incidents/${incidentId}/${evidenceId}`;
}

/** The SHA-256 of bytes, as lowercase hex. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Evidence bytes in their own container, apart from the records: written once (If-None-Match) with the hash,
 * size, type, uploader and time as blob metadata, and checked against the hash on every read.
 */
export class EvidenceStore {
  constructor(private readonly blobs: EvidenceBlobs) {}

  /** Stores the bytes of a piece of evidence; a second write of the same id is refused by storage. */
  async put(incidentId: string, ref: EvidenceRef, bytes: Buffer): Promise<void> {
    try {
      await this.blobs.create(evidenceBlobName(incidentId, ref.id), bytes, ref.contentType, {
        sha256: ref.sha256,
        size: String(ref.size),
        uploader: ref.uploadedBy.aadObjectId,
        uploadedat: ref.uploadedAt,
        source: ref.source,
      });
    } catch (err) {
      throw translateStorageError(err, 'evidence');
    }
  }

  /** Deletes every piece of evidence of an incident (the purge); returns how many blobs were deleted. */
  async deleteAll(incidentId: string): Promise<number> {
    let deleted = 0;
    try {
      for await (const name of this.blobs.names(`incidents/${incidentId}/`)) {
        if (await this.blobs.deleteIfExists(name)) deleted++;
      }
    } catch (err) {
      throw translateStorageError(err, 'evidence');
    }
    return deleted;
  }

  /** The bytes, and whether they still match the recorded hash; undefined when the blob is gone. */
  async get(incidentId: string, ref: EvidenceRef): Promise<{ bytes: Buffer; intact: boolean } | undefined> {
    let bytes: Buffer | undefined;
    try {
      bytes = await this.blobs.read(evidenceBlobName(incidentId, ref.id));
    } catch (err) {
      throw translateStorageError(err, 'evidence');
    }
    return bytes && { bytes, intact: sha256Hex(bytes) === ref.sha256 };
  }
}
