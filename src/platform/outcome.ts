/**
 * One shape for expected outcomes of services and ports. A success carries its data on the `ok: true` branch; a
 * refusal carries a machine reason (never user text) and may carry data, such as the record it refused on. The
 * handler or view turns the reason into words for the user.
 */

/** A success with its data. */
export type Ok<T extends object = object> = { ok: true } & T;

/** An expected refusal: a reason code, plus any data the caller needs to answer. */
export type Refused<R extends string, E extends object = object> = { ok: false; reason: R } & E;

/** Either a success with data `T`, or a refusal with reason `R` and extra data `E`. */
export type Outcome<T extends object, R extends string, E extends object = object> = Ok<T> | Refused<R, E>;

/** Makes a success, with its data. */
export function ok(): Ok;
export function ok<T extends object>(data: T): Ok<T>;
export function ok<T extends object>(data?: T): Ok<T> | Ok {
  return { ...data, ok: true };
}

/** Makes a refusal with its reason, and any data the caller needs to answer. */
export function refused<R extends string>(reason: R): Refused<R>;
export function refused<R extends string, E extends object>(reason: R, extra: E): Refused<R, E>;
export function refused<R extends string, E extends object>(
  reason: R,
  extra?: E,
): Refused<R, E> | Refused<R> {
  return { ...extra, ok: false, reason };
}
