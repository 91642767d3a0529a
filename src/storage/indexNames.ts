import type { DocumentMetadata } from './documentStore';

/** Where every index entry lives in the records container: apart from the documents it points to. */
export const INDEX_PREFIX = 'index/';
/** Where a writer notes, before it writes a record, that the record's entries may be out of line until it is done. */
export const PENDING_PREFIX = 'index-pending/';

/** The metadata name under which a record (or a pending note) carries the index entries it names. */
const METADATA_NAME = 'bakenindex';
/** The metadata name of the record's sort key (a time that never changes, e.g. when it was created). */
export const SORT_METADATA_NAME = 'bakensort';

/**
 * An index entry a record belongs in: a list ("reporter", "team-open", …) and whose list it is. The owner is an
 * opaque id (an Entra object id, a team id, a time), never a name: entries are listed, not read.
 */
export interface IndexKey {
  list: string;
  owner: string;
}

/** An index entry's name part below the kind: list and encoded owner. */
export function keyPath(key: IndexKey): string {
  return `${key.list}/${encodeURIComponent(key.owner)}`;
}

/** The metadata naming these entries and the sort key. */
export function entriesMetadata(paths: Iterable<string>, sort: string): DocumentMetadata {
  return { [METADATA_NAME]: [...paths].join(' '), [SORT_METADATA_NAME]: sort };
}

/** The entries metadata names, or undefined when it has none (a record written before indexes existed). */
export function pathsOf(metadata: DocumentMetadata | undefined): Set<string> | undefined {
  const value = metadata?.[METADATA_NAME];
  if (value === undefined) return undefined;
  return new Set(value.split(' ').filter((p) => p !== ''));
}

/** The record id of an entry's last name part (`<sort key>_<id>`). */
export function idOfEntry(entry: string): string {
  return entry.slice(entry.lastIndexOf('_') + 1);
}

export function sameSet(a: Set<string>, b: Set<string>): boolean {
  return a.size === b.size && [...a].every((x) => b.has(x));
}

export function union(...sets: Array<Set<string>>): Set<string> {
  return new Set(sets.flatMap((s) => [...s]));
}
