import { readFileSync } from 'node:fs';
import path from 'node:path';
import { TEXT_COMMAND_KINDS, parseCommand } from '../../src/bot/commands';
import { ACTION_VERBS } from '../../src/bot/verbCatalog';
import { composedRouter } from '../support/composedRouter';
import { ACTORS, ADMIN_ONLY, OPEN, PROTECTED } from './matrix';

/*
 * The access matrix must name every way in: each card verb the bot accepts (ACTION_VERBS, read from the features'
 * registration files; the router accepts exactly the registered verbs, so no other verb reaches a handler) and each kind of text command (TEXT_COMMAND_KINDS, which
 * the compiler holds equal to the TextCommand union). A new verb or command fails here until matrix.ts lists it
 * as protected (with its cells and a positive control), as open to everyone (with a reason that
 * accessMatrix.test.ts checks) or as for admins only.
 */

const named = (kind: 'verb' | 'command') =>
  new Set(
    [
      ...PROTECTED.filter((r) => r.kind === kind),
      ...OPEN.filter((o) => o.kind === kind),
      ...ADMIN_ONLY.filter((a) => a.kind === kind),
    ].map((e) => e.name),
  );

describe('the access matrix names every card verb and every text command', () => {
  it('every card verb (ACTION_VERBS) is in the matrix, as protected or as open', () => {
    const missing = ACTION_VERBS.filter((verb) => !named('verb').has(verb));
    expect(missing).toEqual([]);
  });

  it('every text command kind is in the matrix, as protected or as open', () => {
    const missing = TEXT_COMMAND_KINDS.filter((kind) => !named('command').has(kind));
    expect(missing).toEqual([]);
  });

  it('the matrix names nothing that does not exist (no stale rows)', () => {
    const verbs: readonly string[] = ACTION_VERBS;
    const kinds: readonly string[] = TEXT_COMMAND_KINDS;
    expect([...named('verb')].filter((v) => !verbs.includes(v))).toEqual([]);
    expect([...named('command')].filter((k) => !kinds.includes(k))).toEqual([]);
  });

  it('nothing is in two tables (protected, open, admins only)', () => {
    const protectedNames = new Set(PROTECTED.map((r) => `${r.kind}:${r.name}`));
    expect(OPEN.filter((o) => protectedNames.has(`${o.kind}:${o.name}`))).toEqual([]);
    const openNames = new Set(OPEN.map((o) => `${o.kind}:${o.name}`));
    for (const admin of ADMIN_ONLY) {
      expect({ admin: admin.name, protected: protectedNames.has(`command:${admin.name}`) }).toEqual({
        admin: admin.name,
        protected: false,
      });
      expect({ admin: admin.name, open: openNames.has(`command:${admin.name}`) }).toEqual({
        admin: admin.name,
        open: false,
      });
      expect(parseCommand(admin.send).kind).toBe(admin.name);
    }
    expect(new Set(OPEN.map((o) => `${o.kind}:${o.name}`)).size).toBe(OPEN.length);
  });

  it('every protected row has a cell for every actor, a refusal, an audit action and a positive control', () => {
    for (const row of PROTECTED) {
      expect({ row: `${row.name} (${row.where})`, actors: Object.keys(row.cells).sort() }).toEqual({
        row: `${row.name} (${row.where})`,
        actors: [...ACTORS].sort(),
      });
      expect(row.cells.otherTenant).toBe('NOT_SERVED');
      expect(row.refusal.length).toBeGreaterThan(10);
      expect(row.auditRefused).toMatch(/^[a-z]+\.[a-z_.]+$/);
      expect(row.allowed.length).toBeGreaterThan(0);
      if (typeof row.send !== 'string') expect(row.send.action).toBe(row.name);
      else expect(parseCommand(row.send).kind).toBe(row.name);
    }
  });

  it('the enumerations are complete: every verb the card parser accepts, every kind parseCommand can return', () => {
    // Card data with a verb outside ACTION_VERBS never reaches a handler: the router the composition root builds
    // accepts exactly the verbs the features register, and those are ACTION_VERBS.
    const router = composedRouter();
    expect(router.parse({ action: 'aftercare.unknownVerb' })).toBeUndefined();
    for (const verb of ACTION_VERBS) expect(router.parse({ action: verb })?.action).toBe(verb);
    expect([...router.verbs()].sort()).toEqual([...ACTION_VERBS].sort());
    // Every `kind: '…'` literal in the command parser is listed (a run-time check beside the compiler's).
    const source = readFileSync(path.join(__dirname, '../../src/bot/commands.ts'), 'utf8');
    const literals = new Set([...source.matchAll(/kind: '([A-Za-z]+)'/g)].map((m) => m[1]));
    expect([...literals].sort()).toEqual([...TEXT_COMMAND_KINDS].sort());
  });
});
