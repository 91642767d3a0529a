import { randomUUID } from 'node:crypto';
import type { BakenStorage } from '../../src/storage/storage';

/** Opens a BakenStorage with the given container prefix (on Azurite, or in memory). */
export type OpenStorage = (prefix: string) => BakenStorage;

/** A fresh prefix, so every contract test has containers of its own. */
export function freshPrefix(): string {
  return `c${randomUUID().replace(/-/g, '').slice(0, 12)}`;
}

/** Opens storage on a fresh prefix and creates its containers. */
export async function freshStorage(open: OpenStorage): Promise<BakenStorage> {
  const storage = open(freshPrefix());
  await storage.ensureContainers();
  return storage;
}
