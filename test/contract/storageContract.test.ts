import { MemoryAccount } from '../../src/storage/memoryBlobs';
import { openMemoryStorage } from '../../src/storage/memoryStorage';
import { openStorage } from '../../src/storage/storage';
import { useAzurite } from '../support/harness';
import { auditLogContract, bakenStorageContract, evidenceContract } from './auditAndEvidence.contract';
import type { OpenStorage } from './contractStorage';
import { documentStoreContract } from './documentStore.contract';

const azurite = useAzurite();
const account = new MemoryAccount();

/** Every contract, on Blob storage (Azurite) and in memory: the memory twin must keep the Blob store's rules. */
const implementations: Array<[string, OpenStorage]> = [
  [
    'Blob storage on Azurite',
    (prefix) => openStorage({ connectionString: azurite.get().connectionString, prefix }),
  ],
  ['memory storage', (prefix) => openMemoryStorage({ prefix, account })],
];

describe.each(implementations)('%s', (_name, open) => {
  describe('DocumentStore', () => documentStoreContract(open));
  describe('AuditLog', () => auditLogContract(open));
  describe('EvidenceStore', () => evidenceContract(open));
  describe('BakenStorage', () => bakenStorageContract(open));
});
