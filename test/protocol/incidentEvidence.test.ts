import { createHash } from 'node:crypto';
import { evidenceBlobName } from '../../src/incidents/evidence/evidenceStore';
import { incidentDocName, incidentRecordSchema } from '../../src/incidents/incidentRecord';
import { AttachmentServer } from '../support/attachmentServer';
import { cardText } from '../support/cardWalk';
import type { RosterMember } from '../support/connector';
import { PEOPLE, startEscalationBaken, teamRoster, type EscalationBaken } from '../support/escalationSetup';
import { useAzurite } from '../support/harness';
import { PNG_1PX, PersonalDriver, fileAttachment, inlineImage, textsOf } from '../support/incidentDriver';
import { TEAM_ID, user } from '../support/teams';
import { validateCard } from '../support/validateCard';

const azurite = useAzurite();
const TOKEN = 'Bearer test-bot-token';
/** A colleague in the same team, not a manager. */
const carla = user('carla', 'Carla Collega');
const bram = PEOPLE.bram;
const anna = PEOPLE.anna;
const MAX_BYTES = 4096;

let baken: EscalationBaken;
/** Teams' attachment host (on the allowlist). */
let teamsHost: AttachmentServer;
/** Another host, not on the allowlist. */
let otherHost: AttachmentServer;

beforeEach(async () => {
  teamsHost = await new AttachmentServer('127.0.0.1').start();
  otherHost = await new AttachmentServer('127.0.0.2').start();
  baken = await startEscalationBaken(azurite.get(), {
    env: { ATTACHMENT_HOSTS: '127.0.0.1', EVIDENCE_MAX_BYTES: String(MAX_BYTES) },
    overrides: { attachmentTokens: { authorization: async () => TOKEN } },
  });
  const member: RosterMember = {
    id: carla.id,
    aadObjectId: carla.aadObjectId,
    name: carla.name,
    userRole: 'user',
  };
  baken.connector.rosters.set(TEAM_ID, [...teamRoster(), member]);
});
afterEach(async () => {
  await baken.stop();
  await teamsHost.stop();
  await otherHost.stop();
});

/** Bram starts the incident flow and fills in what happened. */
async function bramReports(): Promise<{ driver: PersonalDriver; id: string }> {
  const driver = new PersonalDriver(baken, bram);
  const id = await driver.startIncident();
  await driver.press('Verder', { f_soort: 'bedreiging', f_platform: 'linkedin', f_online: 'ja' });
  return { driver, id };
}

/** Walks from step 2 to "Bespreek" and gives consent, so the managers may read the incident. */
async function consent(driver: PersonalDriver): Promise<void> {
  while (!cardText(driver.card).includes('Mag ik je leidinggevenden')) await driver.press('Sla over');
  await driver.press('Verder', { f_toestemming: 'ja' });
}

describe('screenshots as evidence in the incident flow', () => {
  it('stores an attached PNG with its SHA-256 in Azurite; a manager can see it, a colleague cannot', async () => {
    const { driver, id } = await bramReports();
    const url = teamsHost.serve('/v3/attachments/abc/views/original', { body: PNG_1PX });
    const posted = await driver.message('', [inlineImage(url)]);
    const hash = createHash('sha256').update(PNG_1PX).digest('hex');
    expect(textsOf(posted)).toContain(`Controlecode (SHA-256): \`${hash}\``);

    // In Azurite: the bytes in the evidence container, with their hash as metadata, and on the record.
    const record = (await baken.app.storage.records.read(incidentDocName(id), incidentRecordSchema))?.value;
    const ref = record?.evidence[0];
    expect(ref).toMatchObject({
      sha256: hash,
      size: PNG_1PX.length,
      contentType: 'image/png',
      source: 'inline',
    });
    expect(ref?.uploadedBy.aadObjectId).toBe(bram.aadObjectId);
    const blob = evidenceBlobName(id, ref?.id ?? '');
    const bytes = (await baken.app.storage.evidence.read(blob)) ?? Buffer.alloc(0);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(hash);
    expect((await baken.app.storage.evidence.properties(blob))?.metadata).toMatchObject({
      sha256: hash,
      uploader: bram.aadObjectId,
    });
    // The allowlisted Teams host got the bot's token.
    expect(teamsHost.requests).toEqual([
      { path: '/v3/attachments/abc/views/original', authorization: TOKEN },
    ]);

    await consent(driver);

    // Anna, a manager of Bram's team, opens the incident and the screenshot 1:1.
    const manager = new PersonalDriver(baken, anna);
    await manager.invoke({ action: 'incident.open', ref: id });
    expect(() => validateCard(manager.card)).not.toThrow();
    expect(cardText(manager.card)).toContain('Gemeld door:');
    expect(cardText(manager.card)).toContain(bram.name);
    expect(cardText(manager.card)).toContain(hash);
    const shown = await manager.invoke({ action: 'incident.evidence', ref: id, value: ref?.id });
    expect(shown.status).toBe(200);
    const inline = baken.connector
      .posted()
      .map((c) => c.body as { attachments?: Array<{ contentType?: string; contentUrl?: string }> })
      .flatMap((a) => a.attachments ?? [])
      .find((a) => a.contentType === 'image/png');
    expect(inline?.contentUrl).toBe(`data:image/png;base64,${PNG_1PX.toString('base64')}`);

    // Carla, a colleague in the same team, is refused: the incident, the screenshot and a link.
    const colleague = new PersonalDriver(baken, carla);
    await colleague.invoke({ action: 'incident.open', ref: id });
    expect(cardText(colleague.card)).toContain('Deze melding kun je niet openen');
    expect(cardText(colleague.card)).not.toContain(bram.name);
    const postsBefore = baken.connector.posted().length;
    await colleague.invoke({ action: 'incident.evidence', ref: id, value: ref?.id });
    await colleague.invoke({ action: 'incident.link', ref: id, value: ref?.id });
    expect(cardText(colleague.card)).toContain('Deze melding kun je niet openen');
    expect(cardText(colleague.card)).not.toContain('/evidence/');
    expect(baken.connector.posted().length).toBe(postsBefore);

    const audit = await baken.app.storage.audit.readAll();
    const about = (actor: string, action: string) =>
      audit.filter((e) => e.actorId === actor && e.action === action).map((e) => e.outcome);
    expect(about(anna.aadObjectId, 'incident.read')).toContain('ok');
    expect(about(anna.aadObjectId, 'evidence.view')).toEqual(['ok']);
    expect(about(carla.aadObjectId, 'incident.read')).toEqual(['refused']);
    expect(about(carla.aadObjectId, 'evidence.view')).toEqual(['refused']);
    expect(about(carla.aadObjectId, 'evidence.link_issue')).toEqual(['refused']);
  });

  it('serves a screenshot through a link that works once and expires after 5 minutes; each use is audited', async () => {
    const { driver, id } = await bramReports();
    await driver.message('', [inlineImage(teamsHost.serve('/a/1', { body: PNG_1PX }))]);
    await consent(driver);
    const manager = new PersonalDriver(baken, anna);
    await manager.invoke({ action: 'incident.open', ref: id });
    await manager.press('Link (5 minuten)');
    const link = /(http:\/\/127\.0\.0\.1:\d+\/evidence\/[A-Za-z0-9_-]+)/.exec(cardText(manager.card))?.[1];
    expect(link).toBeDefined();
    const first = await fetch(link ?? '');
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('image/png');
    expect(first.headers.get('cache-control')).toContain('no-store');
    expect(Buffer.from(await first.arrayBuffer())).toEqual(PNG_1PX);
    expect((await fetch(link ?? '')).status).toBe(404);

    await manager.press('Link (5 minuten)');
    const late = /(http:\/\/127\.0\.0\.1:\d+\/evidence\/[A-Za-z0-9_-]+)/.exec(cardText(manager.card))?.[1];
    baken.clock.advance(5 * 60 * 1000 + 1000);
    const expired = await fetch(late ?? '');
    expect(expired.status).toBe(404);
    expect(await expired.text()).toContain('Deze link werkt niet (meer)');

    const uses = (await baken.app.storage.audit.readAll((e) => e.action.startsWith('evidence.link'))).map(
      (e) => [e.action, e.actorId, e.outcome],
    );
    expect(uses).toEqual([
      ['evidence.link_issue', anna.aadObjectId, 'ok'],
      ['evidence.link_use', anna.aadObjectId, 'ok'],
      ['evidence.link_issue', anna.aadObjectId, 'ok'],
    ]);
  });

  it('refuses a file that is not an image, even when it is declared image/png, with a clear message', async () => {
    const { driver, id } = await bramReports();
    const pdf = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n');
    const posted = await driver.message('', [
      inlineImage(teamsHost.serve('/a/fake.png', { body: pdf, contentType: 'image/png' }), 'image/png'),
    ]);
    expect(textsOf(posted)).toContain('Dit bestand is geen afbeelding. Ik heb het niet bewaard.');
    expect((await baken.app.storage.listEverything()).evidence).toEqual([]);
    const record = (await baken.app.storage.records.read(incidentDocName(id), incidentRecordSchema))?.value;
    expect(record?.evidence).toEqual([]);
  });

  it('refuses an image that is too large, also when no size is announced (the download is cut off)', async () => {
    const { driver } = await bramReports();
    const big = Buffer.concat([PNG_1PX, Buffer.alloc(MAX_BYTES * 4, 7)]);
    const announced = await driver.message('', [inlineImage(teamsHost.serve('/a/big1', { body: big }))]);
    expect(textsOf(announced)).toContain('Deze afbeelding is te groot');
    const chunked = await driver.message('', [
      inlineImage(teamsHost.serve('/a/big2', { body: big, chunked: true })),
    ]);
    expect(textsOf(chunked)).toContain('Deze afbeelding is te groot');
    expect((await baken.app.storage.listEverything()).evidence).toEqual([]);
  });

  it('never sends the token to a host outside the allowlist, not even through a redirect', async () => {
    const { driver, id } = await bramReports();
    const elsewhere = otherHost.serve('/sites/scherm.png', { body: PNG_1PX });
    const posted = await driver.message('', [fileAttachment(elsewhere)]);
    expect(textsOf(posted)).toContain('Controlecode (SHA-256)');
    // A Teams host that redirects elsewhere: the next hop is checked again.
    const redirect = teamsHost.serve('/v3/attachments/r/views/original', {
      redirectTo: otherHost.serve('/sites/redirected.png', { body: PNG_1PX }),
    });
    await driver.message('', [inlineImage(redirect)]);

    expect(otherHost.requests.map((r) => r.path)).toEqual(['/sites/scherm.png', '/sites/redirected.png']);
    expect(otherHost.requests.every((r) => r.authorization === undefined)).toBe(true);
    expect(teamsHost.requests).toEqual([{ path: '/v3/attachments/r/views/original', authorization: TOKEN }]);
    const record = (await baken.app.storage.records.read(incidentDocName(id), incidentRecordSchema))?.value;
    expect(record?.evidence.map((e) => e.source)).toEqual(['file', 'inline']);
  });

  it('refuses images outside the incident flow without downloading them', async () => {
    const driver = new PersonalDriver(baken, bram);
    await driver.invoke({ action: 'flow.start', value: 'grooming' });
    const posted = await driver.message('', [
      inlineImage(teamsHost.serve('/a/client.png', { body: PNG_1PX })),
    ]);
    expect(textsOf(posted)).toContain('niet opgeslagen en niet doorgestuurd');
    expect(teamsHost.requests).toEqual([]);
    expect((await baken.app.storage.listEverything()).evidence).toEqual([]);
  });
});
