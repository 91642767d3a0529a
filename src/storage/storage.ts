import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import { BlobAppendBlobs, type AppendBlobs } from './appendBlobs';
import { AuditLog } from './auditLog';
import { BlobDocumentStore } from './blobDocumentStore';
import type { DocumentStore } from './documentStore';
import { translateStorageError } from './errors';
import { BlobEvidenceBlobs, type EvidenceBlobs } from './evidenceBlobs';
import { StorageMetrics } from './metrics';

/** The containers Baken uses; each holds one kind of data so retention and policies can differ. */
export const CONTAINER_KINDS = [
  'state',
  'teams',
  'records',
  'escalations',
  'outbox',
  'sending',
  'evidence',
  'audit',
] as const;
/** A container kind. */
export type ContainerKind = (typeof CONTAINER_KINDS)[number];

/** Options for opening storage. */
export interface StorageOptions {
  connectionString: string;
  /** Container name prefix, so several deployments or tests can share one account. */
  prefix: string;
  /** Test hook: pause between read and write of updates (concurrency tests). */
  pauseBeforeWriteMs?: number;
}

/** Everything Baken stores, one part per container: on Azure Blob (openStorage) or in memory (openMemoryStorage). */
export interface BakenStorage {
  readonly metrics: StorageMetrics;
  readonly state: DocumentStore;
  readonly teams: DocumentStore;
  readonly records: DocumentStore;
  readonly escalations: DocumentStore;
  readonly outbox: DocumentStore;
  /** Which outbox entries still wait: one small marker each, named as the entry. */
  readonly sending: DocumentStore;
  readonly evidence: EvidenceBlobs;
  readonly audit: AuditLog;
  /** Creates the containers that do not exist yet. */
  ensureContainers(): Promise<void>;
  /** True when storage answers (for /readyz). */
  isReachable(): Promise<boolean>;
  /** The blob names in every container, for tests and the purge check. */
  listEverything(): Promise<Record<ContainerKind, string[]>>;
}

/** What every BakenStorage holds, one part per container, built the same way on Blob and in memory. */
export abstract class StorageParts implements BakenStorage {
  readonly state: DocumentStore;
  readonly teams: DocumentStore;
  readonly records: DocumentStore;
  readonly escalations: DocumentStore;
  readonly outbox: DocumentStore;
  /** One small marker per outbox entry that still waits, named as the entry (src/delivery/outbox.ts). */
  readonly sending: DocumentStore;
  readonly audit: AuditLog;

  constructor(
    readonly metrics: StorageMetrics,
    open: (kind: ContainerKind) => DocumentStore,
    readonly evidence: EvidenceBlobs,
    auditBlobs: AppendBlobs,
  ) {
    this.state = open('state');
    this.teams = open('teams');
    this.records = open('records');
    this.escalations = open('escalations');
    this.outbox = open('outbox');
    this.sending = open('sending');
    this.audit = new AuditLog(auditBlobs, metrics);
  }

  /** Creates the containers that do not exist yet. */
  abstract ensureContainers(): Promise<void>;
  /** True when storage answers (for /readyz). */
  abstract isReachable(): Promise<boolean>;
  /** The blob names in every container, for tests and the purge check. */
  abstract listEverything(): Promise<Record<ContainerKind, string[]>>;
}

/** Baken's storage on Azure Blob, opened on one client. */
export class BlobStorage extends StorageParts {
  private readonly containers: Record<ContainerKind, ContainerClient>;

  constructor(service: BlobServiceClient, options: StorageOptions) {
    const metrics = new StorageMetrics();
    const containers = Object.fromEntries(
      CONTAINER_KINDS.map((kind) => [kind, service.getContainerClient(`${options.prefix}-${kind}`)]),
    ) as Record<ContainerKind, ContainerClient>;
    super(
      metrics,
      (kind) => new BlobDocumentStore(containers[kind], metrics, options.pauseBeforeWriteMs ?? 0),
      new BlobEvidenceBlobs(containers.evidence),
      new BlobAppendBlobs(containers.audit),
    );
    this.containers = containers;
  }

  /** Creates the containers that do not exist yet. */
  async ensureContainers(): Promise<void> {
    for (const kind of CONTAINER_KINDS) {
      try {
        await this.containers[kind].createIfNotExists();
      } catch (err) {
        throw translateStorageError(err, kind);
      }
    }
  }

  /** True when storage answers (for /readyz). */
  async isReachable(): Promise<boolean> {
    try {
      await this.containers.state.getProperties({ abortSignal: AbortSignal.timeout(2000) });
      return true;
    } catch {
      return false;
    }
  }

  /** The blob names in every container, for tests and the purge check. */
  async listEverything(): Promise<Record<ContainerKind, string[]>> {
    const result = {} as Record<ContainerKind, string[]>;
    for (const kind of CONTAINER_KINDS) {
      const names: string[] = [];
      for await (const item of this.containers[kind].listBlobsFlat()) names.push(item.name);
      result[kind] = names;
    }
    return result;
  }
}

/** Opens Baken's storage on a connection string (Azure or Azurite). Retries are short: users are waiting. */
export function openStorage(options: StorageOptions): BakenStorage {
  const service = BlobServiceClient.fromConnectionString(options.connectionString, {
    retryOptions: { maxTries: 2, retryDelayInMs: 200, maxRetryDelayInMs: 1000, tryTimeoutInMs: 10_000 },
    keepAliveOptions: { enable: true },
  });
  return new BlobStorage(service, options);
}
