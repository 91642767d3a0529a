import { MemoryAppendBlobs } from './appendBlobs';
import { MemoryEvidenceBlobs } from './evidenceBlobs';
import { MemoryAccount, storageTurn, type MemoryContainer } from './memoryBlobs';
import { MemoryDocumentStore } from './memoryDocumentStore';
import { StorageMetrics } from './metrics';
import { CONTAINER_KINDS, StorageParts, type ContainerKind } from './storage';

/** Options for storage in memory. */
export interface MemoryStorageOptions {
  /** Container name prefix, as on Blob storage. */
  prefix: string;
  /** The account to open it on; a Baken opened again on the same account and prefix sees the same data. */
  account?: MemoryAccount;
  /** Test hook: pause between read and write of updates (concurrency tests). */
  pauseBeforeWriteMs?: number;
}

/** Baken's storage in memory, with the Blob storage's rules: for tests whose subject is not storage. */
export class MemoryStorage extends StorageParts {
  /** The account the containers are in. */
  readonly account: MemoryAccount;
  private readonly containers: Record<ContainerKind, MemoryContainer>;

  constructor(options: MemoryStorageOptions) {
    const metrics = new StorageMetrics();
    const account = options.account ?? new MemoryAccount();
    const containers = Object.fromEntries(
      CONTAINER_KINDS.map((kind) => [kind, account.container(`${options.prefix}-${kind}`)]),
    ) as Record<ContainerKind, MemoryContainer>;
    super(
      metrics,
      (kind) => new MemoryDocumentStore(containers[kind], metrics, options.pauseBeforeWriteMs ?? 0),
      new MemoryEvidenceBlobs(containers.evidence),
      new MemoryAppendBlobs(containers.audit),
    );
    this.account = account;
    this.containers = containers;
  }

  /** The container of a kind (tests read blobs through it). */
  container(kind: ContainerKind): MemoryContainer {
    return this.containers[kind];
  }

  /** Creates the containers that do not exist yet. */
  async ensureContainers(): Promise<void> {
    await storageTurn();
    for (const kind of CONTAINER_KINDS) this.containers[kind].create();
  }

  /** True when storage answers: memory always does. */
  async isReachable(): Promise<boolean> {
    await storageTurn();
    return true;
  }

  /** The blob names in every container, for tests and the purge check. */
  async listEverything(): Promise<Record<ContainerKind, string[]>> {
    await storageTurn();
    const result = {} as Record<ContainerKind, string[]>;
    for (const kind of CONTAINER_KINDS) result[kind] = this.containers[kind].list().map((blob) => blob.name);
    return result;
  }
}

/** Opens Baken's storage in memory (on a fresh account unless one is given). */
export function openMemoryStorage(options: MemoryStorageOptions): MemoryStorage {
  return new MemoryStorage(options);
}
