import type { ContainerClient } from '@azure/storage-blob';
import { createHash } from 'node:crypto';
import type { EvidenceRef } from '../records/incidentRecord';
import { statusOf, translateStorageError } from '../storage/errors';

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
  constructor(private readonly container: ContainerClient) {}

  /** Stores the bytes of a piece of evidence; a second write of the same id is refused by storage. */
  async put(incidentId: string, ref: EvidenceRef, bytes: Buffer): Promise<void> {
    try {
      await this.container.getBlockBlobClient(evidenceBlobName(incidentId, ref.id)).uploadData(bytes, {
        conditions: { ifNoneMatch: '*' },
        blobHTTPHeaders: { blobContentType: ref.contentType },
        metadata: {
          sha256: ref.sha256,
          size: String(ref.size),
          uploader: ref.uploadedBy.aadObjectId,
          uploadedat: ref.uploadedAt,
          source: ref.source,
        },
      });
    } catch (err) {
      throw translateStorageError(err, 'evidence');
    }
  }

  /** Deletes every piece of evidence of an incident (the purge); returns how many blobs were deleted. */
  async deleteAll(incidentId: string): Promise<number> {
    let deleted = 0;
    try {
      for await (const item of this.container.listBlobsFlat({ prefix: `incidents/${incidentId}/` })) {
        const result = await this.container
          .getBlockBlobClient(item.name)
          .deleteIfExists({ deleteSnapshots: 'include' });
        if (result.succeeded) deleted++;
      }
    } catch (err) {
      throw translateStorageError(err, 'evidence');
    }
    return deleted;
  }

  /** The bytes, and whether they still match the recorded hash; undefined when the blob is gone. */
  async get(incidentId: string, ref: EvidenceRef): Promise<{ bytes: Buffer; intact: boolean } | undefined> {
    try {
      const bytes = await this.container
        .getBlockBlobClient(evidenceBlobName(incidentId, ref.id))
        .downloadToBuffer();
      return { bytes, intact: sha256Hex(bytes) === ref.sha256 };
    } catch (err) {
      if (statusOf(err) === 404) return undefined;
      throw translateStorageError(err, 'evidence');
    }
  }
}
