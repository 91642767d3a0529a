import type { Storage, StoreItems } from 'botbuilder';
import { z } from 'zod';
import type { DocumentStore } from '../storage/documentStore';
import { stateRefsMetadata } from './stateRefs';

const stateItemSchema = z.record(z.string(), z.unknown());

/** Blob names are the botbuilder state keys, made safe for blob paths. */
function blobName(key: string): string {
  return `${encodeURIComponent(key)}.json`;
}

/**
 * botbuilder's Storage on our DocumentStore: one blob per state key. A write with a real ETag is
 * conditional; BotState writes with '*' (last write wins), which suits state that only one conversation
 * changes. Records that several people change use DocumentStore.update instead.
 */
export class BotStateStorage implements Storage {
  constructor(private readonly documents: DocumentStore) {}

  /** Reads the given keys; missing keys are left out. */
  async read(keys: string[]): Promise<StoreItems> {
    const items: StoreItems = {};
    await Promise.all(
      keys.map(async (key) => {
        const found = await this.documents.read(blobName(key), stateItemSchema);
        if (found) items[key] = { ...found.value, eTag: found.etag };
      }),
    );
    return items;
  }

  /** Writes the given items, conditionally when they carry an ETag other than '*'. */
  async write(changes: StoreItems): Promise<void> {
    await Promise.all(
      Object.entries(changes).map(async ([key, item]) => {
        const { eTag, ...value } = (item ?? {}) as { eTag?: string } & Record<string, unknown>;
        const name = blobName(key);
        // The record ids the state mentions go with it, so a purge reads only the states that may name its record.
        const metadata = stateRefsMetadata(JSON.stringify(value));
        const etag =
          eTag && eTag !== '*'
            ? await this.documents.replace(name, value, eTag, metadata)
            : await this.documents.put(name, value, metadata);
        if (item && typeof item === 'object') (item as { eTag?: string }).eTag = etag;
      }),
    );
  }

  /** Deletes the given keys. */
  async delete(keys: string[]): Promise<void> {
    await Promise.all(keys.map((key) => this.documents.delete(blobName(key))));
  }
}
