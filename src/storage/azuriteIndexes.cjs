// Preloaded into the embedded Azurite child (node -r), next to the watchdog. Azurite keeps its blob index in LokiJS
// and looks a blob up with one query object: { accountName, containerName, name, snapshot }. LokiJS runs the keys
// one after the other and uses a binary index only for the first; accountName comes first and is the same for every
// blob, so each read, write and property look-up compared every blob of the account, and each listing by prefix
// tested a regular expression against every blob. At 10,000 incidents (tens of thousands of blobs) a request took
// 30-50 ms of Azurite's CPU, and adding records grew with their square. Azure Blob Storage finds a blob by name, and
// lists by prefix, without such a scan.
//
// This preload lets LokiJS use the binary index on the name that Azurite already keeps:
// - a query with an exact name (of a blob, or a block's blob) starts with that name: a binary search;
// - a listing by prefix (Azurite's `^prefix` expression with the prefix escaped) starts with the range of names from
//   the prefix up to the prefix followed by U+FFFF, and then still tests the expression, so it never lists more;
// - a listing of a whole container starts with the container (indexed too), not the account.
// The conditions are joined by AND, so the order does not change which documents match, only how many are compared
// (test/unit/azuriteIndexes.test.ts compares every kind of query with Azurite's own order). Azurite 3.36 orders
// its exact look-ups the same way, but needs Node >= 21; Baken still runs on Node 20. Every other query runs as
// Azurite wrote it. LokiJS orders number-like strings as numbers; Baken's blob names (prefix/id.json) never are.
//
// Deleting a blob was as costly: Azurite removes documents with findAndRemove, and LokiJS then rebuilds (sorts) every
// binary index of the collection, even when it removed one document or none (about 50 ms at 20,000 blobs). This
// preload removes a few documents one by one instead, each with LokiJS's own in-place index update, as a single
// remove does; a larger batch is left to LokiJS.
'use strict';

const path = require('node:path');

/** The keys that name one blob or block, most telling first. */
const NAME_KEYS = ['blobName', 'name'];

/** Azurite's escaping of a prefix in a listing's expression (LokiBlobMetadataStore.escapeRegex). */
function escapeLikeAzurite(text) {
  return text.replace(/[-\/\\^$*+?.()|[\]{}]/g, '\\$&');
}

/** The literal prefix of a `{ $regex: '^escaped' }` condition, or undefined when it is anything else. */
function literalPrefix(condition) {
  if (condition === null || typeof condition !== 'object' || Object.keys(condition).length !== 1)
    return undefined;
  const expression = condition.$regex;
  if (typeof expression !== 'string' || !expression.startsWith('^')) return undefined;
  const escaped = expression.slice(1);
  const prefix = escaped.replace(/\\(.)/g, '$1');
  // Only a prefix Azurite escaped whole: anything else in the expression (a wildcard, a class) is left alone.
  return prefix !== '' && escapeLikeAzurite(prefix) === escaped ? prefix : undefined;
}

/** The query rewritten to start with an indexed condition on the name, or undefined when it has none. */
function nameFirst(query, indexed) {
  const keys = Object.keys(query);
  if (keys.length < 2) return undefined;
  const lead = NAME_KEYS.find((key) => typeof query[key] === 'string' && indexed(key));
  if (lead !== undefined) return keys[0] === lead ? undefined : startingWith(query, lead);
  const prefix = indexed('name') ? literalPrefix(query.name) : undefined;
  if (prefix !== undefined) {
    const rest = keys.filter((key) => key !== 'name').map((key) => ({ [key]: query[key] }));
    return { $and: [{ name: { $between: [prefix, `${prefix}\uffff`] } }, { name: query.name }, ...rest] };
  }
  // A listing of a whole container: that container's blobs, not the account's.
  if (typeof query.containerName !== 'string' || !indexed('containerName') || keys[0] === 'containerName')
    return undefined;
  return startingWith(query, 'containerName');
}

/** The same conditions with `lead` first. */
function startingWith(query, lead) {
  const reordered = { [lead]: query[lead] };
  for (const key of Object.keys(query)) if (key !== lead) reordered[key] = query[key];
  return reordered;
}

/**
 * Makes LokiJS's Resultset.find start an unfiltered multi-key query with its name when the name is indexed (see
 * above). Returns a function that puts the original back (for tests).
 */
function leadWithName(Loki) {
  const original = Loki.Resultset.prototype.find;
  Loki.Resultset.prototype.find = function find(query, firstOnly) {
    if (query !== null && typeof query === 'object' && !Array.isArray(query) && !this.filterInitialized) {
      const rewritten = nameFirst(query, (key) => Boolean(this.collection.binaryIndices[key]));
      if (rewritten !== undefined) return original.call(this, rewritten, firstOnly);
    }
    return original.call(this, query, firstOnly);
  };
  return () => {
    Loki.Resultset.prototype.find = original;
  };
}

/** Up to how many documents a removal takes one by one (each costs a pass over the indexes, a rebuild a sort). */
const FEW_REMOVALS = 16;

/**
 * Makes LokiJS remove a few documents at positions one by one, keeping the binary indexes up to date in place
 * instead of rebuilding them all. Returns a function that puts the original back (for tests).
 */
function removeFewInPlace(Loki) {
  const original = Loki.Collection.prototype.removeBatchByPositions;
  Loki.Collection.prototype.removeBatchByPositions = function removeBatchByPositions(positions) {
    if (this.adaptiveBinaryIndices !== true || positions.length > FEW_REMOVALS)
      return original.call(this, positions);
    const docs = positions.map((position) => this.data[position]);
    for (const doc of docs) this.remove(doc);
    return undefined;
  };
  return () => {
    Loki.Collection.prototype.removeBatchByPositions = original;
  };
}

/** Whether a main script is Azurite's blob service entry, the one embeddedAzurite.ts starts. */
function isAzuriteBlobService(main) {
  return /[\\/]azurite[\\/]dist[\\/]src[\\/]blob[\\/]main\.js$/.test(main);
}

// As a preload of Azurite's blob service (its entry is the main script): patch the LokiJS that Azurite will load.
const main = process.argv[1] ?? '';
if (isAzuriteBlobService(main)) {
  const Loki = require(require.resolve('lokijs', { paths: [path.dirname(main)] }));
  leadWithName(Loki);
  removeFewInPlace(Loki);
}

module.exports = { leadWithName, removeFewInPlace, isAzuriteBlobService };
