import { FLOWS } from '../../src/flows';
import { createHash } from 'node:crypto';
import type { FlowEscalationPort } from '../../dialogs/flowDialog';
import { registerIncidents } from '../../src/incidents/incidentRegistration';
import { RoleService } from '../../src/platform/roles';
import { AuditTrail } from '../../src/storage/auditTrail';
import {
  incidentDocName,
  incidentRecordSchema,
  type IncidentRecord,
} from '../../src/incidents/incidentRecord';
import { buttonOf, buttonsOf, cardText, inputIdsOf } from '../support/cardWalk';
import { useMemoryStorage } from '../support/harness';
import { Transcript, type TranscriptParts } from '../support/transcript';
import { validateCard } from '../support/validateCard';

const storage = useMemoryStorage();

/** A 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

/** Every escalation the flows asked for, and a port that accepts them like the escalation part does. */
function fakeEscalation(): { calls: Array<{ kind: string; runId: string }>; port: FlowEscalationPort } {
  const calls: Array<{ kind: string; runId: string }> = [];
  return {
    calls,
    port: {
      async escalate(_context, request) {
        calls.push({ kind: request.kind, runId: request.runId });
        return {
          ok: true,
          status: 'Gemeld bij Team De Linde om 10:00.',
          escalationId: `esc-${calls.length}0000000`,
        };
      },
    },
  };
}

/** Registers the incident feature on the transcript's storage, as the composition root does (no token locally). */
function incidents(parts: TranscriptParts, flowEscalation: FlowEscalationPort) {
  return registerIncidents({
    ...parts,
    audit: new AuditTrail(parts.storage.audit, parts.clock),
    roles: new RoleService(parts.config.adminIds, parts.teams),
    logger: { debug() {}, info() {}, warn() {}, error() {} },
    tokens: { authorization: async () => undefined },
    flowEscalation,
    linkBase: () => 'http://127.0.0.1:3978',
  });
}

/** Starts the incident flow from the menu; every card shown is validated. */
async function startIncident(escalation = fakeEscalation()) {
  const t = await new Transcript(storage.get(), undefined, escalation.port, undefined, (parts) =>
    incidents(parts, escalation.port),
  ).start();
  await t.say('menu');
  await t.press(FLOWS.grensoverschrijdend.title);
  return { t, escalation };
}

/** The stored incident of the card's run. */
async function stored(t: Transcript, runId: string): Promise<IncidentRecord | undefined> {
  return (await t.storage.records.read(incidentDocName(runId), incidentRecordSchema))?.value;
}

/** The run id every button of the current card carries. */
function runIdOf(card: unknown): string {
  const ref = buttonsOf(card).find((b) => typeof b.data.ref === 'string')?.data.ref;
  if (typeof ref !== 'string') throw new Error('no run id on the card');
  return ref;
}

/** The PNG as Teams attaches an image sent in the chat (inline data, as the Playground and tests send it). */
function pngAttachment() {
  return { contentType: 'image/*', contentUrl: `data:image/png;base64,${PNG.toString('base64')}` };
}

const WHAT = { f_soort: 'bedreiging', f_platform: 'linkedin', f_wanneer: '2026-11-01', f_online: 'ja' };
const SCREENSHOT = {
  f_gemaakt: 'ja',
  f_wie: 'account @boos123',
  f_kanaal: 'openbare pagina',
  f_account: 'onbekend',
};

describe('incident flow transcript (seed 004)', () => {
  it('walks every step with progress, Terug/Stop and source, records each step, and ends with Voorkomen and Trek aan de bel', async () => {
    const { t, escalation } = await startIncident();
    const titles = [
      'Wat is er gebeurd?',
      'Screenshot',
      'In gesprek',
      'Rapporteer',
      'Bespreek',
      'Juridische hulp',
      'Aangifte',
    ];
    const runId = runIdOf(t.card);
    for (const [i, title] of titles.entries()) {
      const text = cardText(t.card);
      expect(text).toContain(`Stap ${i + 1} van 7`);
      expect(text).toContain(title);
      expect(text).toContain("Bron: 'Online grensoverschrijdend gedrag'");
      const buttons = buttonsOf(t.card).map((b) => b.title);
      expect(buttons).toEqual(expect.arrayContaining(['Verder', 'Sla over', 'Stop']));
      if (i > 0) expect(buttons).toContain('Terug');
      expect(() => validateCard(t.card)).not.toThrow();
      if (i === 0) {
        expect(inputIdsOf(t.card, 'Input.ChoiceSet')).toEqual(['f_soort', 'f_platform', 'f_online']);
        expect(inputIdsOf(t.card, 'Input.Date')).toEqual(['f_wanneer']);
        expect(text).toContain('Persoonlijke gegevens gedeeld (doxing)');
        await t.press('Verder', WHAT);
        // The record exists as soon as the first facts are in.
        expect((await stored(t, runId))?.steps.wat_gebeurd?.fields).toEqual({
          soort: 'bedreiging',
          platform: 'linkedin',
          wanneer: '2026-11-01',
          online: 'ja',
        });
      } else if (title === 'In gesprek') {
        expect(text).toMatch(/niet wat hun bericht/);
        // Baken's own safety advice, with its own source: evidence first, and only talk when it is safe.
        expect(text).toContain('Vraag pas daarna om het bericht te verwijderen');
        expect(text).toContain('Is er een bedreiging? Praat dan eerst met je leidinggevende');
        expect(text).toContain('Bron: Baken zelf (eigen advies, geen brondocument)');
        await t.press('Sla over');
      } else if (title === 'Screenshot') {
        expect(text).toContain('Stuur de afbeelding nu hier in de chat');
        expect(text).toContain('Stuur nooit een naakte of seksuele foto');
        expect(text).toMatch(
          /onder de 18\? Bekijk hem niet en bewaar hem niet\. Schrijf op waar hij staat en ga naar de politie\./,
        );
        expect(text).toContain('Van wie is het account?');
        await t.press('Verder', SCREENSHOT);
      } else if (title === 'Bespreek') {
        expect(text).toContain('Mag ik je leidinggevenden laten weten dat dit is gebeurd?');
        await t.press('Verder', { f_besproken: 'collegas', f_toestemming: 'ja' });
        expect(cardText(t.card)).toContain('Gemeld bij Team De Linde');
      } else if (title === 'Aangifte') {
        expect(text).toContain('Laat je organisatie aangifte doen');
        await t.press('Verder', { f_contact: 'ja' });
      } else {
        await t.press('Verder');
      }
    }
    const summary = cardText(t.card);
    expect(() => validateCard(t.card)).not.toThrow();
    expect(summary).toContain('Overzicht van je melding');
    expect(summary).toContain('account @boos123');
    expect(summary).toContain('overgeslagen');
    expect(summary).toContain('Je leidinggevenden weten het nu');
    expect(buttonsOf(t.card).map((b) => b.title)).toEqual(
      expect.arrayContaining(['Trek aan de bel', 'Voorkomen', 'Vul deze stap nu in', 'Mijn meldingen']),
    );
    expect(escalation.calls).toEqual([{ kind: 'grensoverschrijdend_gedrag_medewerker', runId }]);

    const record = await stored(t, runId);
    expect(record?.steps.in_gesprek?.status).toBe('overgeslagen');
    expect(record?.steps.screenshot?.fields.wie).toBe('account @boos123');
    expect(record?.sharedWithManagers).toBe(true);
    expect(record?.timeline.map((l) => l.action)).toEqual(
      expect.arrayContaining(['created', 'step_filled', 'step_skipped', 'managers_notified']),
    );
    // Voorkomen is offered at the end.
    await t.press('Voorkomen');
    expect(cardText(t.card)).toContain('Voorkomen');
  });

  it('comes back to a skipped step from the summary and returns to the summary after it', async () => {
    const { t } = await startIncident();
    const runId = runIdOf(t.card);
    await t.press('Verder', WHAT);
    for (let i = 0; i < 6; i++) await t.press('Sla over');
    expect(cardText(t.card)).toContain('Overzicht van je melding');
    // The "fill in now" buttons follow the steps: Screenshot first, then In gesprek.
    const gotos = buttonsOf(t.card).filter((b) => b.title === 'Vul deze stap nu in');
    expect(gotos.map((b) => b.data.value).slice(0, 2)).toEqual(['screenshot', 'in_gesprek']);
    const goto = gotos[1];
    await t.invoke(goto?.data ?? {});
    expect(cardText(t.card)).toContain('In gesprek');
    await t.press('Verder', { f_client: 'ja', f_gesprek: 'ja', f_uitkomst: 'wist niet wat het deed' });
    expect(cardText(t.card)).toContain('Overzicht van je melding');
    expect(cardText(t.card)).toContain('wist niet wat het deed');
    expect((await stored(t, runId))?.steps.in_gesprek?.status).toBe('ingevuld');
  });

  it('stops and resumes at the same step; a double click is recorded once', async () => {
    const { t } = await startIncident();
    const runId = runIdOf(t.card);
    const first = t.card;
    await t.press('Verder', WHAT);
    await t.press('Verder', WHAT, first); // double click on the old card
    expect(cardText(t.card)).toContain('Stap 2 van 7');
    expect(cardText(t.card)).not.toContain('verlopen');
    const filled = (await stored(t, runId))?.timeline.filter((l) => l.action === 'step_filled');
    expect(filled).toHaveLength(1);
    await t.press('Stop');
    expect(cardText(t.card)).toContain('Verder waar je was');
    await t.press('Verder waar je was');
    expect(cardText(t.card)).toContain('Stap 2 van 7');
    await t.press('Terug');
    expect(cardText(t.card)).toContain('Stap 1 van 7');
    // The earlier answers are prefilled.
    expect(JSON.stringify(t.card)).toContain('"value":"bedreiging"');
  });

  it('refuses an unknown choice, a date in the future and a text that is too long, and keeps nothing of it', async () => {
    const { t } = await startIncident();
    const runId = runIdOf(t.card);
    await t.press('Verder', { ...WHAT, f_soort: 'iets_anders' });
    expect(cardText(t.card)).toContain('Dat antwoord ken ik niet');
    await t.press('Verder', { ...WHAT, f_wanneer: '2031-01-01' });
    expect(cardText(t.card)).toContain('niet in de toekomst');
    expect(await stored(t, runId)).toBeUndefined();
    await t.press('Verder', WHAT);
    await t.press('Verder', { f_wie: 'x'.repeat(201) });
    expect(cardText(t.card)).toContain('te lang');
    expect(cardText(t.card)).toContain('Stap 2 van 7');
  });

  it('stores a screenshot sent during the flow with its SHA-256, and refuses a file that is not an image', async () => {
    const { t } = await startIncident();
    const runId = runIdOf(t.card);
    await t.press('Verder', WHAT);
    const image = await t.send({
      type: 'message',
      attachments: [
        { contentType: 'image/*', contentUrl: `data:image/png;base64,${PNG.toString('base64')}` },
      ],
    });
    const hash = createHash('sha256').update(PNG).digest('hex');
    expect(image.texts.join('\n')).toContain(`Controlecode (SHA-256): \`${hash}\``);
    const record = await stored(t, runId);
    expect(record?.evidence).toHaveLength(1);
    expect(record?.evidence[0]).toMatchObject({ sha256: hash, size: PNG.length, contentType: 'image/png' });

    const fake = await t.send({
      type: 'message',
      attachments: [
        {
          contentType: 'image/png',
          contentUrl: `data:image/png;base64,${Buffer.from('%PDF-1.7 geen plaatje').toString('base64')}`,
        },
      ],
    });
    expect(fake.texts.join('\n')).toContain('Dit bestand is geen afbeelding');
    expect((await stored(t, runId))?.evidence).toHaveLength(1);
    expect((await t.storage.listEverything()).evidence).toHaveLength(1);
  });

  it('takes no screenshot before the card that warns about sexual images has been shown', async () => {
    const { t } = await startIncident();
    const runId = runIdOf(t.card);
    expect(cardText(t.card)).not.toContain('Stuur nooit een naakte of seksuele foto');
    const early = await t.send({ type: 'message', attachments: [pngAttachment()] });
    expect(early.texts.join('\n')).toContain('Stuur je screenshot bij de stap **Screenshot**');
    expect(early.texts.join('\n')).not.toContain('Controlecode');
    expect((await stored(t, runId))?.evidence ?? []).toHaveLength(0);
    expect((await t.storage.listEverything()).evidence).toHaveLength(0);
  });

  it('says who can read the report and its screenshots as it is: only you, until you share it with your managers', async () => {
    const { t } = await startIncident();
    const first = cardText(t.card);
    expect(first).toContain('Alleen jij kunt dit lezen');
    expect(first).not.toMatch(/Alleen jij en (de|je) leidinggevenden/);
    await t.press('Verder', WHAT);
    const before = (await t.send({ type: 'message', attachments: [pngAttachment()] })).texts.join('\n');
    expect(before).toContain('Alleen jij kunt hem zien');
    expect(before).not.toMatch(/jij en (de|je) leidinggevenden/);
    expect(before).toContain('Hiermee kun je later laten zien dat de screenshot niet veranderd is');
    await t.press('Verder', SCREENSHOT);
    await t.press('Sla over'); // In gesprek
    await t.press('Sla over'); // Rapporteer
    await t.press('Verder', { f_besproken: 'leidinggevende', f_toestemming: 'ja' });
    const after = (await t.send({ type: 'message', attachments: [pngAttachment()] })).texts.join('\n');
    expect(after).toContain('Alleen jij en de leidinggevenden van je team kunnen hem zien');
  });

  it('refuses images in a client flow and never stores them', async () => {
    const { t } = await startIncident();
    await t.say('menu');
    await t.press('Grooming-check');
    const shown = await t.send({
      type: 'message',
      attachments: [
        { contentType: 'image/*', contentUrl: `data:image/png;base64,${PNG.toString('base64')}` },
      ],
    });
    expect(shown.texts.join('\n')).toContain('niet opgeslagen en niet doorgestuurd');
    expect((await t.storage.listEverything()).evidence).toHaveLength(0);
  });

  it('reopens the incident from "Mijn meldingen" and updates a step later; every read is audited without free text', async () => {
    const { t } = await startIncident();
    const runId = runIdOf(t.card);
    await t.press('Verder', WHAT);
    await t.press('Verder', SCREENSHOT);
    await t.press('Sla over');
    await t.say('mijn meldingen');
    expect(cardText(t.card)).toContain('Mijn meldingen');
    expect(cardText(t.card)).toContain('Bedreiging');
    await t.press('Open');
    expect(() => validateCard(t.card)).not.toThrow();
    expect(cardText(t.card)).toContain('Ja, het staat nog online');
    expect(cardText(t.card)).toContain('Alleen jij kunt deze melding zien');
    const edit = buttonsOf(t.card).find((b) => b.title === 'Werk bij' && b.data.value === 'wat_gebeurd');
    await t.invoke(edit?.data ?? {});
    expect(cardText(t.card)).toContain('Melding bijwerken');
    await t.press('Opslaan', { ...WHAT, f_online: 'verwijderd' });
    expect(cardText(t.card)).toContain('Bijgewerkt');
    expect(cardText(t.card)).toContain('Nee, het is verwijderd');
    const record = await stored(t, runId);
    expect(record?.steps.wat_gebeurd?.fields.online).toBe('verwijderd');
    expect(record?.steps.screenshot?.fields.wie).toBe('account @boos123');
    expect(record?.timeline.some((l) => l.action === 'step_updated' && l.ref === 'wat_gebeurd')).toBe(true);

    const audit = await t.storage.audit.readAll((e) => e.objectId === runId);
    expect(audit.map((e) => e.action)).toEqual(
      expect.arrayContaining(['incident.create', 'incident.update_step', 'incident.list', 'incident.read']),
    );
    expect(JSON.stringify(audit)).not.toContain('boos123');
    // The "Mijn meldingen" button on the menu opens the same list.
    await t.say('menu');
    await t.press('Mijn meldingen');
    expect(cardText(t.card)).toContain('Bedreiging');
    expect(buttonOf(t.card, 'Open')).toMatchObject({ action: 'incident.open', ref: runId });
  });
});
