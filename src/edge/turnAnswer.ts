import type { ServerResponse } from 'node:http';
import type { Turn } from './turn';

const ANSWERED = Symbol('baken.turnAnswered');

/** Resolves once the HTTP response of a request (a turn's answer) went out, or the connection closed. */
export function whenAnswered(res: ServerResponse): Promise<void> {
  return new Promise<void>((resolve) => {
    if (res.writableFinished || res.destroyed) return resolve();
    res.once('finish', resolve);
    res.once('close', resolve);
  });
}

/** Remembers on the turn when its answer went out (the HTTP server does this for every turn). */
export function setAnswered(context: Turn, answered: Promise<void>): void {
  context.turnState.set(ANSWERED, answered);
}

/**
 * When the turn's answer went out. An update of a card recorded during a button press must reach Teams after the
 * press's own answer, or that answer (which replaces the card for the presser) would cover it.
 */
export function answeredOf(context: Turn): Promise<void> | undefined {
  return context.turnState.get(ANSWERED) as Promise<void> | undefined;
}
