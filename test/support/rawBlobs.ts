import { BlobServiceClient } from '@azure/storage-blob';
import { MemoryStorage } from '../../src/storage/memoryStorage';
import type { BakenStorage, ContainerKind } from '../../src/storage/storage';

/** A blob as a listing gives it: name, ETag (bare) and size in bytes. */
export interface RawBlob {
  name: string;
  etag: string;
  size: number;
}

/** The blobs behind a BakenStorage, read around its abstractions: for tests that look at what is stored. */
export interface RawBlobs {
  /** Every blob of a container, in name order. */
  list(kind: ContainerKind): Promise<RawBlob[]>;
  /** A blob's bytes from an offset on. */
  read(kind: ContainerKind, name: string, offset?: number): Promise<Buffer>;
}

/** The container prefix a running Baken uses (its containers are `<prefix>-<kind>`). */
export function prefixOf(storage: BakenStorage): string {
  return storage.state.name.replace(/-state$/, '');
}

/**
 * The raw blobs of a storage: in memory straight from its containers, on Azurite through a client of its own
 * (the connection string is needed only there).
 */
export function rawBlobsOf(storage: BakenStorage, connectionString?: string): RawBlobs {
  if (storage instanceof MemoryStorage) {
    return {
      list: async (kind) =>
        storage
          .container(kind)
          .list()
          .map((blob) => ({ name: blob.name, etag: blob.etag, size: blob.body.length })),
      read: async (kind, name, offset = 0) => {
        const blob = storage.container(kind).get(name);
        if (!blob) throw new Error(`no blob ${kind}/${name}`);
        return Buffer.from(blob.body.subarray(offset));
      },
    };
  }
  if (!connectionString) throw new Error('the blobs of Blob storage are read with its connection string');
  const service = BlobServiceClient.fromConnectionString(connectionString);
  const container = (kind: ContainerKind) => service.getContainerClient(`${prefixOf(storage)}-${kind}`);
  return {
    list: async (kind) => {
      const blobs: RawBlob[] = [];
      for await (const item of container(kind).listBlobsFlat()) {
        blobs.push({
          name: item.name,
          etag: item.properties.etag ?? '',
          size: item.properties.contentLength ?? 0,
        });
      }
      return blobs;
    },
    read: (kind, name, offset = 0) => container(kind).getBlobClient(name).downloadToBuffer(offset),
  };
}
