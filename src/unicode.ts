/** A UTF-16 surrogate without its partner: valid in JSON, but not text (encodeURIComponent throws a URIError on it). */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** True for well-formed Unicode text (no lone surrogates): safe to use in blob names, URLs and headers. */
export function isWellFormed(text: string): boolean {
  return !LONE_SURROGATE.test(text);
}
