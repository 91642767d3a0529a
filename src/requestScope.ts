import { AsyncLocalStorage } from 'node:async_hooks';
import type { ServerResponse } from 'node:http';

const scope = new AsyncLocalStorage<Promise<void>>();

/**
 * Runs the work of one HTTP request (a turn) so that what it starts can wait for its response: an update of a card
 * recorded during a button press must reach Teams after the press's own answer, or that answer would cover it.
 */
export function withinRequest<T>(res: ServerResponse, work: () => Promise<T>): Promise<T> {
  const responded = new Promise<void>((resolve) => {
    if (res.writableFinished || res.destroyed) return resolve();
    res.once('finish', resolve);
    res.once('close', resolve);
  });
  return scope.run(responded, work);
}

/** Resolves once the current request's response went out; undefined outside a request (background work). */
export function currentResponse(): Promise<void> | undefined {
  return scope.getStore();
}
