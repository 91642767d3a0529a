import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import { AuditLog } from './auditLog';
import { BotStateStorage } from '../edge/botStateStorage';
import { DocumentStore } from './documentStore';
import { translateStorageError } from './errors';
import { StorageMetrics } from './metrics';

/** The containers Baken uses; each holds one kind of data so retention and policies can differ. */
export const CONTAINER_KINDS = [
  'state',
  'teams',
  'records',
  'escalations',
  'outbox',
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

/** Everything that talks to Azure Blob, opened on one client. */
export class BakenStorage {
  readonly metrics = new StorageMetrics();
  readonly state: DocumentStore;
  readonly teams: DocumentStore;
  readonly records: DocumentStore;
  readonly escalations: DocumentStore;
  readonly outbox: DocumentStore;
  readonly evidence: ContainerClient;
  readonly audit: AuditLog;
  readonly botState: BotStateStorage;
  private readonly containers: Record<ContainerKind, ContainerClient>;

  constructor(service: BlobServiceClient, options: StorageOptions) {
    const container = (kind: ContainerKind) => service.getContainerClient(`${options.prefix}-${kind}`);
    this.containers = Object.fromEntries(CONTAINER_KINDS.map((k) => [k, container(k)])) as Record<
      ContainerKind,
      ContainerClient
    >;
    const store = (kind: ContainerKind) =>
      new DocumentStore(this.containers[kind], this.metrics, options.pauseBeforeWriteMs ?? 0);
    this.state = store('state');
    this.teams = store('teams');
    this.records = store('records');
    this.escalations = store('escalations');
    this.outbox = store('outbox');
    this.evidence = this.containers.evidence;
    this.audit = new AuditLog(this.containers.audit, this.metrics);
    this.botState = new BotStateStorage(this.state);
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
  return new BakenStorage(service, options);
}
