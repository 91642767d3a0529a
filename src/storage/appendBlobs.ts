import type { ContainerClient } from '@azure/storage-blob';
import { storageStatusError, storageTurn, type MemoryContainer } from './memoryBlobs';

/**
 * The append blobs the audit log writes to: create one, append a block, list and read them. Errors are Azure's
 * (with a statusCode: 409 when a blob is full), so the audit log treats both implementations alike.
 */
export interface AppendBlobs {
  /** Creates an empty append blob unless it exists. */
  createIfNotExists(name: string, contentType: string): Promise<void>;
  /** Appends one block of text. */
  append(name: string, text: string): Promise<void>;
  /** Every blob name, in name order. */
  names(): AsyncIterable<string>;
  /** A blob's whole content. */
  read(name: string): Promise<Buffer>;
}

/** Append blobs in an Azure Blob container. */
export class BlobAppendBlobs implements AppendBlobs {
  constructor(private readonly container: ContainerClient) {}

  /** Creates an empty append blob unless it exists. */
  async createIfNotExists(name: string, contentType: string): Promise<void> {
    await this.container
      .getAppendBlobClient(name)
      .createIfNotExists({ blobHTTPHeaders: { blobContentType: contentType } });
  }

  /** Appends one block of text. */
  async append(name: string, text: string): Promise<void> {
    await this.container.getAppendBlobClient(name).appendBlock(text, Buffer.byteLength(text));
  }

  /** Every blob name, in name order. */
  async *names(): AsyncIterable<string> {
    for await (const item of this.container.listBlobsFlat()) yield item.name;
  }

  /** A blob's whole content. */
  read(name: string): Promise<Buffer> {
    return this.container.getAppendBlobClient(name).downloadToBuffer();
  }
}

/** Append blobs in a container in memory (Azure's block limit included). */
export class MemoryAppendBlobs implements AppendBlobs {
  constructor(private readonly container: MemoryContainer) {}

  /** Creates an empty append blob unless it exists. */
  async createIfNotExists(name: string, contentType: string): Promise<void> {
    await storageTurn();
    this.container.createAppendBlob(name, contentType);
  }

  /** Appends one block of text. */
  async append(name: string, text: string): Promise<void> {
    await storageTurn();
    this.container.appendBlock(name, Buffer.from(text));
  }

  /** Every blob name, in name order. */
  async *names(): AsyncIterable<string> {
    await storageTurn();
    for (const blob of this.container.list()) yield blob.name;
  }

  /** A blob's whole content. */
  async read(name: string): Promise<Buffer> {
    await storageTurn();
    const blob = this.container.get(name);
    if (!blob) throw storageStatusError(404, 'BlobNotFound', name);
    return Buffer.from(blob.body);
  }
}
