import { NEUTRAL_PREVIEW } from '../../cards/cardShell';
import { teamChoiceCard } from '../../cards/teams/teamChoiceCard';
import { MANAGERS_CARD_MAX_MEMBERS, teamManagersCard } from '../../cards/teams/teamManagersCard';
import { messageCodeSchema, noticeBannerSchema } from '../../src/delivery/outboxEntry';
import { escalationRecordSchema, type EscalationRecord } from '../../src/escalation/escalationRecord';
import { KIND_LABELS } from '../../src/escalation/escalationTexts';
import {
  detailsCardOf,
  messageCardOf,
  noticeCardOf,
  renderInstruction,
  reporterStatusLine,
  timelineCardOf,
} from '../../src/escalation/escalationViews';
import { escalationKindSchema } from '../../src/flows/flowSchema';
import { executeActions } from '../support/flowWalker';
import { TEST_ORG } from '../support/renderFlow';
import { dossierCardOf } from '../../src/meldcode/meldcodeViews';
import { validateCard } from '../support/validateCard';

const TZ = 'Europe/Amsterdam';

function record(overrides: Partial<EscalationRecord> = {}): EscalationRecord {
  return escalationRecordSchema.parse({
    id: 'esc-0123456789abcdef0123',
    kind: 'grooming',
    urgency: 'normaal',
    teamId: '19:team@thread.tacv2',
    reporter: { aadObjectId: 'aad-sara', name: 'Sara Smit', userId: '29:sara' },
    origin: { serviceUrl: 'https://smba.example/' },
    details: { clientCode: 'AB-12', rows: [{ label: 'Vraag 3', value: 'ja', note: 'geheime notitie' }] },
    createdAt: '2026-11-02T09:00:00.000Z',
    status: 'open',
    route: 'channel',
    channelId: '19:meldingen@thread.tacv2',
    delivery: { status: 'in_channel', at: '2026-11-02T09:00:01.000Z' },
    reminders: { count: 0, nextAt: '2026-11-02T09:30:00.000Z' },
    timeline: [
      { at: '2026-11-02T09:00:00.000Z', actorId: 'aad-sara', actorName: 'Sara Smit', action: 'created' },
    ],
    revision: 3,
    ...overrides,
  });
}

const stamp = { aadObjectId: 'aad-piet', name: 'Piet Jansen', at: '2026-11-02T09:05:00.000Z' };

describe('escalation notice card', () => {
  it.each([
    ['grooming', 'open', 'Stap 1 van 5 · signalen in kaart'],
    ['online_uitbuiting', 'acknowledged', "Stap 2 van 5 · overleg met collega's"],
    ['onveilige_online_relatie', 'resolved', "Stap 2 van 5 · overleg met collega's"],
  ] as const)('a %s escalation (%s) shows its Meldcode step as a number and a word', (kind, status, step) => {
    const card = noticeCardOf(
      record({ kind, status, ...(status === 'open' ? {} : { acknowledgedBy: stamp }) }),
      TZ,
    );
    const facts = JSON.stringify(card);
    expect(facts).toContain(JSON.stringify({ title: 'Meldcode', value: step }));
  });

  it.each(['grensoverschrijdend_gedrag_medewerker', 'test'] as const)(
    'a %s escalation has no Meldcode step (the Meldcode is about clients)',
    (kind) => {
      expect(JSON.stringify(noticeCardOf(record({ kind }), TZ))).not.toContain('Meldcode');
    },
  );

  it.each(escalationKindSchema.options)(
    'is a valid card for kind %s, with ids-only buttons and a neutral preview',
    (kind) => {
      const card = noticeCardOf(record({ kind }), TZ);
      validateCard(card);
      expect(card.fallbackText).toBe(NEUTRAL_PREVIEW);
      expect(JSON.stringify(card)).toContain(KIND_LABELS[kind]);
      const actions = executeActions(card);
      expect(actions.map((a) => a.verb)).toEqual([
        'escalation.ack',
        'escalation.resolve',
        'escalation.details',
      ]);
      for (const a of actions)
        expect(a.data).toEqual({ action: a.verb, ref: 'esc-0123456789abcdef0123', version: 3 });
    },
  );

  it('shows no client code, answers or notes', () => {
    const text = JSON.stringify(noticeCardOf(record(), TZ));
    expect(text).not.toContain('AB-12');
    expect(text).not.toContain('geheime notitie');
    expect(text).not.toContain('Vraag 3');
  });

  it('names nobody for harassment of a staff member: "een collega"', () => {
    const text = JSON.stringify(noticeCardOf(record({ kind: 'grensoverschrijdend_gedrag_medewerker' }), TZ));
    expect(text).toContain('een collega');
    expect(text).not.toContain('Sara Smit');
  });

  it('puts "Bel 112" first when acuut', () => {
    const card = noticeCardOf(record({ urgency: 'acuut' }), TZ);
    expect(JSON.stringify(card.body[0])).toContain('Bel 112 bij direct gevaar');
    expect(JSON.stringify(noticeCardOf(record(), TZ))).not.toContain('112');
  });

  it('shows who picked it up and who closed it, and drops the buttons that no longer apply', () => {
    const acknowledged = noticeCardOf(record({ status: 'acknowledged', acknowledgedBy: stamp }), TZ);
    expect(JSON.stringify(acknowledged)).toContain('Opgepakt door Piet Jansen (2 november om 10:05)');
    expect(executeActions(acknowledged).map((a) => a.verb)).toEqual([
      'escalation.resolve',
      'escalation.details',
    ]);
    const resolved = noticeCardOf(
      record({ status: 'resolved', acknowledgedBy: stamp, resolvedBy: stamp }),
      TZ,
    );
    expect(JSON.stringify(resolved)).toContain('Afgerond door Piet Jansen');
    expect(executeActions(resolved).map((a) => a.verb)).toEqual(['escalation.details']);
    validateCard(resolved);
  });

  it.each(noticeBannerSchema.options)('is valid with banner %s', (banner) => {
    const card = renderInstruction(
      { card: 'notice', escalationId: 'esc-0123456789abcdef0123', banner, count: 2 },
      record(),
      TZ,
      TEST_ORG,
      new Date(),
    );
    validateCard(card);
  });
});

describe('1:1 cards', () => {
  it('details show the client code and answers as plain text, and the timeline button for managers only', () => {
    const forManager = detailsCardOf(record(), TZ, 'aad-piet');
    validateCard(forManager);
    const text = JSON.stringify(forManager);
    expect(text).toContain('AB-12');
    expect(text).toContain('geheime notitie');
    expect(text).toContain('RichTextBlock');
    expect(executeActions(forManager).map((a) => a.verb)).toEqual(['escalation.timeline']);
    expect(executeActions(detailsCardOf(record(), TZ, 'aad-sara'))).toEqual([]);
    validateCard(detailsCardOf(record({ details: undefined }), TZ, 'aad-piet'));
  });

  it('the timeline lists events with who and when', () => {
    const card = timelineCardOf(
      record({
        timeline: [
          { at: '2026-11-02T09:00:00.000Z', actorId: 'aad-sara', actorName: 'Sara Smit', action: 'created' },
          {
            at: '2026-11-02T09:30:00.000Z',
            actorId: 'baken',
            actorName: 'Baken',
            action: 'reminder',
            count: 1,
          },
          {
            at: '2026-11-02T09:35:00.000Z',
            actorId: 'aad-piet',
            actorName: 'Piet Jansen',
            action: 'acknowledged',
          },
        ],
      }),
      TZ,
    );
    validateCard(card);
    const text = JSON.stringify(card);
    expect(text).toContain('Herinnering verstuurd (1)');
    expect(text).toContain('Opgepakt · Piet Jansen');
  });

  it.each(messageCodeSchema.options)('message %s is a valid card with a neutral preview', (code) => {
    const card = messageCardOf(
      code,
      record({ status: 'resolved', acknowledgedBy: stamp, resolvedBy: stamp }),
      TZ,
    );
    validateCard(card);
    expect(card.fallbackText).toBe(NEUTRAL_PREVIEW);
    expect(JSON.stringify(card)).not.toContain('AB-12');
  });

  it('reminder cards are valid', () => {
    validateCard(
      renderInstruction(
        { card: 'reminder', escalationId: 'esc-0123456789abcdef0123', count: 1 },
        record(),
        TZ,
        TEST_ORG,
        new Date(),
      ),
    );
  });
});

describe('team cards', () => {
  it('"Voor welk team?" has one button per team', () => {
    const card = teamChoiceCard({
      teams: [
        { teamId: 't1', name: 'De Linde' },
        { teamId: 't2', name: 'De Eik' },
      ],
    });
    validateCard(card);
    expect(executeActions(card).map((a) => a.data.value)).toEqual(['t1', 't2']);
  });

  it('the managers card lists members (managers first) with add/remove, capped', () => {
    const members = Array.from({ length: MANAGERS_CARD_MAX_MEMBERS + 5 }, (_, i) => ({
      aadObjectId: `aad-${i}`,
      name: `Lid ${String(i).padStart(2, '0')}`,
      isManager: i === 7,
    }));
    const card = teamManagersCard({
      teamId: '19:team@thread.tacv2',
      teamName: 'De Linde',
      members,
      notice: 'Gelukt',
    });
    validateCard(card);
    const actions = executeActions(card);
    expect(actions).toHaveLength(MANAGERS_CARD_MAX_MEMBERS);
    expect(actions[0]).toEqual({
      verb: 'team.removeManager',
      data: { action: 'team.removeManager', ref: '19:team@thread.tacv2', value: 'aad-7' },
    });
    expect(actions.slice(1).every((a) => a.verb === 'team.addManager')).toBe(true);
    expect(JSON.stringify(card)).toContain('En nog 5 anderen');
  });
});

describe("the reporter's status line", () => {
  const longTeam = 'Team '.padEnd(100, 'x');
  it.each([
    ['channel', { route: 'channel' as const }],
    [
      'managers',
      {
        route: 'managers' as const,
        delivery: { status: 'direct_to_managers' as const, at: '2026-11-02T09:00:01.000Z' },
      },
    ],
    [
      'admins',
      {
        route: 'admins' as const,
        delivery: { status: 'direct_to_admins' as const, at: '2026-11-02T09:00:01.000Z' },
      },
    ],
    ['failed', { delivery: { status: 'failed' as const, at: '2026-11-02T09:00:01.000Z' } }],
  ])(
    'via %s fits the stored run (200 characters, older instances read it) and says it is not yet a melding',
    (_route, change) => {
      const line = reporterStatusLine(record(change as Partial<EscalationRecord>), longTeam, TZ);
      expect(line.length).toBeLessThanOrEqual(200);
      expect(line.endsWith('Dit is nog geen melding bij Veilig Thuis of de politie.')).toBe(true);
    },
  );
});

describe('the "Voor het dossier" card', () => {
  it('lists the signals as lines to copy: a question keeps its mark, a statement loses its full stop', () => {
    const rows = [
      { label: 'Heeft je cliënt contact met iemand op Snapchat?', value: 'Ja' },
      { label: 'Je cliënt kreeg cadeaus van een onbekende.', value: 'Nee' },
    ];
    const card = dossierCardOf(record({ details: { clientCode: 'K7', rows } }), TEST_ORG, TZ);
    validateCard(card);
    const text = JSON.stringify(card);
    expect(text).toContain('Heeft je cliënt contact met iemand op Snapchat? Ja');
    expect(text).toContain('Je cliënt kreeg cadeaus van een onbekende: Nee');
    expect(text).toContain('K7');
  });
});
