import type { z } from 'zod';
import { CorruptDocumentError } from './errors';

/** Parses a stored document's bytes as JSON and then with its schema; CorruptDocumentError when either fails. */
export function parseDocument<S extends z.ZodType>(name: string, body: Buffer, schema: S): z.infer<S> {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    throw new CorruptDocumentError(name, 'not JSON');
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new CorruptDocumentError(name, parsed.error.issues[0]?.message ?? 'invalid');
  return parsed.data;
}
