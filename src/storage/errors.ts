/** A conditional write lost a race: someone else changed (or created) the document first. */
export class ConflictError extends Error {
  constructor(public readonly documentName: string) {
    super(`conflict on ${documentName}`);
    this.name = 'ConflictError';
  }
}

/** Storage could not be reached or answered with a server error; the user should try again shortly. */
export class StorageUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`storage unavailable: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'StorageUnavailableError';
  }
}

/** A stored document did not match its schema. */
export class CorruptDocumentError extends Error {
  constructor(
    public readonly documentName: string,
    detail: string,
  ) {
    super(`document ${documentName} does not match its schema: ${detail}`);
    this.name = 'CorruptDocumentError';
  }
}

/** True when Baken's own storage cannot be reached (not Teams): the turn should say "probeer het zo opnieuw". */
export function isStorageDown(err: unknown): boolean {
  return err instanceof StorageUnavailableError;
}

/** The HTTP status of an Azure SDK error, if it has one. */
export function statusOf(err: unknown): number | undefined {
  if (typeof err === 'object' && err !== null && 'statusCode' in err) {
    const code = (err as { statusCode?: unknown }).statusCode;
    return typeof code === 'number' ? code : undefined;
  }
  return undefined;
}

/** Maps an Azure SDK error to ConflictError / StorageUnavailableError, or returns it unchanged. */
export function translateStorageError(err: unknown, name: string): unknown {
  const status = statusOf(err);
  if (status === 409 || status === 412) return new ConflictError(name);
  if (status !== undefined)
    return status >= 500 || status === 408 || status === 429 ? new StorageUnavailableError(err) : err;
  const isTransport =
    typeof err === 'object' &&
    err !== null &&
    (('code' in err && typeof (err as { code?: unknown }).code === 'string') ||
      (err as { name?: unknown }).name === 'RestError' ||
      (err as { name?: unknown }).name === 'AbortError');
  return isTransport ? new StorageUnavailableError(err) : err;
}
