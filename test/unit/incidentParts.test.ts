import { ServiceClientCredentialsFactory, TokenCredentials } from 'botframework-connector';
import { gatherFormFields } from '../../cards/actions';
import { FILE_DOWNLOAD_INFO, attachmentSources } from '../../src/incidents/incidentAttachments';
import { DEFAULT_ATTACHMENT_HOSTS } from '../../src/config';
import { isAllowedHost } from '../../src/incidents/evidence/hostAllowlist';
import { sniffImageType } from '../../src/incidents/evidence/imageType';
import { credentialsTokenSource } from '../../src/edge/tokenSource';
import { FLOWS } from '../../src/flows';
import type { FormStep } from '../../src/flows/flowSchema';
import { checkFormFields } from '../../src/flows/formValidation';
import { PNG_1PX } from '../support/incidentDriver';

describe('the attachment host allowlist', () => {
  it.each([
    ['smba.trafficmanager.net', true],
    ['emea.smba.trafficmanager.net', true],
    ['SMBA.TrafficManager.NET.', true],
    ['us-api.asm.skype.com', true],
    ['eu-api.asm.skype.com', true],
    ['foo.teams.microsoft.com', true],
    ['teams.microsoft.com', false],
    ['evil-smba.trafficmanager.net.attacker.example', false],
    ['smba.trafficmanager.net.attacker.example', false],
    ['attackersmba.trafficmanager.net', false],
    ['contoso.sharepoint.com', false],
    ['127.0.0.1', false],
    ['', false],
  ])('%s → %s with the default list', (host, allowed) => {
    expect(isAllowedHost(host, DEFAULT_ATTACHMENT_HOSTS)).toBe(allowed);
  });

  it('matches exact names and IP addresses from configuration', () => {
    expect(isAllowedHost('127.0.0.1', ['127.0.0.1'])).toBe(true);
    expect(isAllowedHost('127.0.0.2', ['127.0.0.1'])).toBe(false);
    expect(isAllowedHost('localhost', ['127.0.0.1'])).toBe(false);
    expect(isAllowedHost('a.b.example', ['*.example'])).toBe(true);
    expect(isAllowedHost('example', ['*.example'])).toBe(false);
    expect(isAllowedHost('x.example', ['*.'])).toBe(false);
  });
});

describe('image sniffing by magic bytes', () => {
  const bytes = (...b: number[]) => Uint8Array.from([...b, ...new Array(20).fill(0)]);
  it('recognises PNG, JPEG, GIF, WEBP and BMP whatever was declared', () => {
    expect(sniffImageType(PNG_1PX)).toBe('image/png');
    expect(sniffImageType(bytes(0xff, 0xd8, 0xff, 0xe0))).toBe('image/jpeg');
    expect(sniffImageType(Buffer.from('GIF89a......'))).toBe('image/gif');
    expect(sniffImageType(Buffer.from('RIFF\x10\x00\x00\x00WEBPVP8 '))).toBe('image/webp');
    expect(sniffImageType(bytes(0x42, 0x4d, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 40))).toBe('image/bmp');
  });
  it('refuses anything else', () => {
    expect(sniffImageType(Buffer.from('%PDF-1.7'))).toBeUndefined();
    expect(sniffImageType(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeUndefined();
    expect(sniffImageType(Buffer.from('RIFF\x10\x00\x00\x00WAVEfmt '))).toBeUndefined();
    expect(sniffImageType(Buffer.from('BM hello'))).toBeUndefined();
    expect(sniffImageType(new Uint8Array())).toBeUndefined();
  });
});

describe('form fields', () => {
  const step = FLOWS.grensoverschrijdend.steps[0] as FormStep;
  it('keeps known, valid values and drops empty ones', () => {
    expect(
      checkFormFields(step, { soort: 'doxing', platform: '', wanneer: '2026-11-02' }, '2026-11-02'),
    ).toEqual({
      ok: true,
      fields: { soort: 'doxing', wanneer: '2026-11-02' },
    });
  });
  it('refuses unknown fields, unknown choices and impossible or future dates', () => {
    expect(checkFormFields(step, { hacker: 'x' }, '2026-11-02').ok).toBe(false);
    expect(checkFormFields(step, { soort: 'iets' }, '2026-11-02').ok).toBe(false);
    expect(checkFormFields(step, { wanneer: '2026-02-30' }, '2026-11-02').ok).toBe(false);
    expect(checkFormFields(step, { wanneer: '2026-11-05' }, '2026-11-02').ok).toBe(false);
    expect(checkFormFields(step, { wanneer: '2026-11-03' }, '2026-11-02').ok).toBe(true);
  });
  it('gathers f_ inputs into fields and ignores a smuggled fields object', () => {
    expect(gatherFormFields({ action: 'flow.next', f_soort: 'doxing', fields: { x: 'y' } })).toEqual({
      action: 'flow.next',
      fields: { soort: 'doxing' },
    });
    expect(gatherFormFields({ action: 'flow.next', fields: { x: 'y' } })).toEqual({ action: 'flow.next' });
  });
});

describe('Teams attachments', () => {
  it('takes inline images and file download links, and leaves the HTML copy out', () => {
    expect(
      attachmentSources([
        { contentType: 'image/*', contentUrl: 'https://smba.trafficmanager.net/a/views/original' },
        { contentType: 'text/html', content: '<img src="x">' },
        {
          contentType: FILE_DOWNLOAD_INFO,
          name: 'x.png',
          content: { downloadUrl: 'https://contoso.sharepoint.com/x' },
        },
        { contentType: FILE_DOWNLOAD_INFO, name: 'y.png', content: {} },
      ]),
    ).toEqual([
      { url: 'https://smba.trafficmanager.net/a/views/original', source: 'inline' },
      { url: 'https://contoso.sharepoint.com/x', source: 'file' },
    ]);
  });
});

describe('the attachment token', () => {
  /** A credentials factory that signs with a fixed token, and counts how often credentials were made. */
  class FixedTokenFactory extends ServiceClientCredentialsFactory {
    made = 0;
    async isValidAppId(): Promise<boolean> {
      return true;
    }
    async isAuthenticationDisabled(): Promise<boolean> {
      return false;
    }
    async createCredentials(): ReturnType<ServiceClientCredentialsFactory['createCredentials']> {
      this.made++;
      return new TokenCredentials('bot-token');
    }
  }

  it('comes from the adapter’s credentials factory, made once; without an app id there is none', async () => {
    const factory = new FixedTokenFactory();
    const source = credentialsTokenSource(factory, '3f2504e0-4f89-11d3-9a0c-0305e82c3301');
    expect(await source.authorization()).toBe('Bearer bot-token');
    expect(await source.authorization()).toBe('Bearer bot-token');
    expect(factory.made).toBe(1);
    expect(await credentialsTokenSource(factory, '').authorization()).toBeUndefined();
  });
});
