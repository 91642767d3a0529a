import path from 'node:path';
import { isAzuriteBlobService, leadWithName, removeFewInPlace } from '../../src/storage/azuriteIndexes.cjs';

/** The parts of LokiJS this test uses (the package has no types). */
interface LokiDoc {
  $loki: number;
}
interface LokiResultset {
  find(query: object): LokiResultset;
  data(): LokiDoc[];
}
interface LokiCollection {
  insert(doc: object): void;
  findOne(query: object): LokiDoc | null;
  find(query: object): LokiDoc[];
  chain(): LokiResultset;
  findAndRemove(query: object): void;
}
interface LokiDb {
  addCollection(name: string, options: { indices: string[] }): LokiCollection;
}
type LokiConstructor = (new (file: string, options: { persistenceMethod: string }) => LokiDb) & {
  Collection: { prototype: { ensureAllIndexes: (force?: boolean) => void } };
};

// The LokiJS that Azurite loads, resolved the way the preload resolves it.
const azuriteMain = require.resolve('azurite/dist/src/blob/main.js');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Loki = require(require.resolve('lokijs', { paths: [path.dirname(azuriteMain)] })) as LokiConstructor;

const ACCOUNTS = ['devstoreaccount1', 'other'];
const CONTAINERS = ['baken', 'baken-evidence', 'bench'];
const BLOBS = 1_200;

/** How often a document's name or containerName was read: about one read per document compared. */
let compared = 0;

/** Azurite's escaping of a listing's prefix (LokiBlobMetadataStore.escapeRegex). */
function escaped(prefix: string): string {
  return prefix.replace(/[-/\\^$*+?.()|[\]{}]/g, '\\$&');
}

/** A property that counts its reads. */
function counted(doc: object, key: string, value: string): void {
  Object.defineProperty(doc, key, {
    enumerable: true,
    get: () => {
      compared++;
      return value;
    },
  });
}

/** Names as Baken and its tests write them, with the characters Azurite escapes in a prefix. */
function blobName(i: number): string {
  if (i % 50 === 7) return `index/team/t(${i})/open+shared.json`;
  if (i % 50 === 23) return `incidents/ë${i}.json`;
  return `incidents/${i}.json`;
}

/** A blob collection as Azurite builds it (same indices), with blobs over two accounts, three containers and snapshots. */
function blobCollection(): LokiCollection {
  const db = new Loki('blobs.db', { persistenceMethod: 'memory' });
  const blobs = db.addCollection('$BLOBS_COLLECTION$', {
    indices: ['accountName', 'containerName', 'name', 'snapshot'],
  });
  let n = 0;
  for (const accountName of ACCOUNTS) {
    for (const container of CONTAINERS) {
      for (let i = 0; i < BLOBS / (ACCOUNTS.length * CONTAINERS.length); i++) {
        // The same names in every container and account, as Baken's instances and tests write them.
        for (const snapshot of i % 10 === 0 ? ['', '2026-12-06T10:00:00.0000000Z'] : ['']) {
          const doc = { accountName, snapshot, serial: n++ };
          counted(doc, 'name', blobName(i));
          counted(doc, 'containerName', container);
          blobs.insert(doc);
        }
      }
    }
  }
  return blobs;
}

const PREFIXES = [
  'incidents/1',
  'incidents/19',
  'incidents/',
  'incidents/1.json',
  'index/team/t(57)/',
  'i',
  'zz',
];

/** Queries Azurite makes, with keys in Azurite's order: look-ups by name, listings by prefix, container-wide ones. */
function queries(): { one: boolean; query: object }[] {
  const out: { one: boolean; query: object }[] = [];
  for (const accountName of [...ACCOUNTS, 'nobody']) {
    for (const containerName of [...CONTAINERS, 'missing']) {
      for (const name of [0, 1, 10, 57, 199, 200, 5_000].map(blobName)) {
        for (const snapshot of ['', '2026-12-06T10:00:00.0000000Z']) {
          const query = { accountName, containerName, name, snapshot };
          out.push({ one: true, query }, { one: false, query });
        }
      }
      out.push({ one: false, query: { accountName, containerName } });
      for (const prefix of PREFIXES) {
        out.push({
          one: false,
          query: { name: { $regex: `^${escaped(prefix)}` }, accountName, containerName },
        });
      }
      // Left as they are: an expression that is no plain prefix, and the tags listing's expression with a marker.
      out.push({ one: false, query: { name: { $regex: '^incidents/1.*0' }, accountName, containerName } });
      out.push({ one: false, query: { name: { $regex: '^incidents', $gt: 'incidents/5' }, accountName } });
    }
  }
  return out;
}

function answers(blobs: LokiCollection): (number | null | number[])[] {
  return queries().map(({ one, query }) =>
    one
      ? (blobs.findOne(query)?.$loki ?? null)
      : blobs
          .find(query)
          .map((doc) => doc.$loki)
          .sort((a, b) => a - b),
  );
}

/** How many documents one query compared, before and after the preload's change. */
function comparedBy(query: () => unknown): { before: number; after: number } {
  compared = 0;
  const first = JSON.stringify(query());
  const before = compared;
  const undo = leadWithName(Loki);
  try {
    compared = 0;
    expect(JSON.stringify(query())).toBe(first);
    return { before, after: compared };
  } finally {
    undo();
  }
}

describe('the embedded Azurite finds and removes blobs through its indexes (azuriteIndexes.cjs)', () => {
  it('compares a few documents for a look-up by name, not every blob of the account', () => {
    const blobs = blobCollection();
    const query = {
      accountName: 'devstoreaccount1',
      containerName: 'bench',
      name: 'incidents/150.json',
      snapshot: '',
    };
    const { before, after } = comparedBy(() => blobs.findOne(query)?.$loki);
    // Azurite's own order compares every blob of the account; by name, a binary search (two reads per step, about
    // 2 × log2 of the blobs) and the blobs with that name.
    expect(before).toBeGreaterThan(BLOBS / 4);
    expect(after).toBeLessThanOrEqual(64);
  });

  it('compares only the names in the range of a listing’s prefix', () => {
    const blobs = blobCollection();
    const query = {
      name: { $regex: `^${escaped('incidents/19')}` },
      accountName: 'other',
      containerName: 'baken',
    };
    // Azurite sorts a listing by name afterwards, so the order LokiJS finds them in does not count.
    const { before, after } = comparedBy(() =>
      blobs
        .find(query)
        .map((doc) => doc.$loki)
        .sort((a, b) => a - b),
    );
    // incidents/19 and incidents/190 to 199, and the snapshot of 190.
    expect(blobs.find(query).length).toBe(12);
    // Azurite's own order tests the expression against every blob; by name, the range of 'incidents/19…' only.
    expect(before).toBeGreaterThan(BLOBS);
    expect(after).toBeLessThanOrEqual(200);
  });

  it('compares the blobs of one container, not of the account, for a listing of that container', () => {
    const blobs = blobCollection();
    const query = { accountName: 'other', containerName: 'baken' };
    const { before, after } = comparedBy(() =>
      blobs
        .find(query)
        .map((doc) => doc.$loki)
        .sort((a, b) => a - b),
    );
    // Azurite's own order compares every blob of the account; by container, a binary search and the blobs of that
    // container (in either account, here; Baken's embedded Azurite has one). A blob name and one in ten snapshotted.
    const names = BLOBS / (ACCOUNTS.length * CONTAINERS.length);
    const perContainer = names + names / 10;
    expect(before).toBeGreaterThanOrEqual(CONTAINERS.length * perContainer);
    expect(after).toBeLessThanOrEqual(ACCOUNTS.length * perContainer + 64);
  });

  it('gives every query the same documents as Azurite’s own order', () => {
    const blobs = blobCollection();
    const expected = answers(blobs);
    const undo = leadWithName(Loki);
    try {
      expect(answers(blobs)).toEqual(expected);
      expect(
        expected.filter((answer) => answer !== null && !(Array.isArray(answer) && answer.length === 0))
          .length,
      ).toBeGreaterThan(60);
    } finally {
      undo();
    }
  });

  it('removes a few documents keeping every index right, without rebuilding the indexes', () => {
    /** Deletes as Azurite's deleteBlob does: one blob, one with its snapshot, and one that is not there. */
    const removeSome = (blobs: LokiCollection) => {
      blobs.findAndRemove({
        accountName: 'other',
        containerName: 'baken',
        name: 'incidents/1.json',
        snapshot: '',
      });
      blobs.findAndRemove({
        accountName: 'devstoreaccount1',
        containerName: 'bench',
        name: 'incidents/10.json',
      });
      blobs.findAndRemove({
        accountName: 'devstoreaccount1',
        containerName: 'bench',
        name: 'incidents/none.json',
      });
    };
    const rebuilds = jest.spyOn(Loki.Collection.prototype, 'ensureAllIndexes');
    try {
      const theirs = blobCollection();
      removeSome(theirs);
      const rebuiltByLoki = rebuilds.mock.calls.length;
      const expected = answers(theirs);

      const undo = removeFewInPlace(Loki);
      try {
        const ours = blobCollection();
        rebuilds.mockClear();
        removeSome(ours);
        expect(rebuilds).not.toHaveBeenCalled();
        // The same documents are gone, and every query (by index or not) finds the same ones as after LokiJS's own
        // removal (ids are given out alike, so they compare).
        expect(answers(ours)).toEqual(expected);
        const undoLookups = leadWithName(Loki);
        try {
          expect(answers(ours)).toEqual(expected);
        } finally {
          undoLookups();
        }
      } finally {
        undo();
      }
      expect(rebuiltByLoki).toBe(3);
    } finally {
      rebuilds.mockRestore();
    }
  });

  it('is applied in the process that runs Azurite’s blob service, and only there', () => {
    expect(isAzuriteBlobService(azuriteMain)).toBe(true);
    expect(isAzuriteBlobService(path.join(path.dirname(azuriteMain), 'other.js'))).toBe(false);
    expect(isAzuriteBlobService(process.argv[1] ?? '')).toBe(false);
  });
});
