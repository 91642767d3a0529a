import type { input } from 'zod';
import type { flowSchema } from './flowSchema';

/** Voorkomen (seed 004): how staff prevent online harassment, and agreements between client and professional. */
export const voorkomenFlow: input<typeof flowSchema> = {
  id: 'voorkomen',
  version: 2,
  title: 'Voorkomen: tips en afspraken',
  description: 'Tips om online grensoverschrijdend gedrag tegen jou te voorkomen, en afspraken met cliënten.',
  keywords: ['voorkomen', 'privacy', 'google alert', 'privacy-instellingen', 'skj', 'afspraken met cliënten'],
  aboutClient: false,
  steps: [
    {
      kind: 'info',
      id: 'waarom',
      title: 'Voorkomen: hoe doe je dat?',
      source: '004',
      body: [
        'Een beledigend bericht op LinkedIn. Een bedreigend filmpje op YouTube. Een rouwadvertentie met jouw naam via WhatsApp.',
        'Grensoverschrijdend gedrag via sociale media komt helaas overal voor. Ook in jeugdhulp en sociaal werk. Met deze tips maak je de kans kleiner.',
      ],
    },
    {
      kind: 'info',
      id: 'social_media',
      title: 'Tips: jij op sociale media',
      source: '004',
      body: ['Weet wat er online over jou te vinden is:'],
      bullets: [
        'Zoek jezelf op, op verschillende platforms. Google jezelf. Kijk wat er over jou geschreven wordt.',
        'Ken de mogelijkheden van sociale media. Welke platforms zijn er? Hoe werken ze?',
        "Let op welke tekst en foto's je op je eigen sociale media zet.",
      ],
    },
    {
      kind: 'info',
      id: 'meldingen_privacy',
      title: 'Tips: meldingen en privacy',
      source: '004',
      body: ['Zo houd je het bij:'],
      bullets: [
        'Maak een Google-alert aan met je eigen naam. Dan krijg je een melding als iemand iets over jou op internet zet.',
        'Check minstens één keer per maand de privacy-instellingen van je sociale media. Tip: www.mijnonlineidentiteit.nl.',
      ],
    },
    {
      kind: 'info',
      id: 'overige',
      title: 'Let ook hierop',
      source: '004',
      body: ['Nog een paar aandachtspunten:'],
      bullets: [
        "Zet je locatie uit als je een foto maakt. Foto's en video's kunnen je GPS-plek bevatten. Pas ook op met sport-apps met GPS.",
        'Kies bij je SKJ-registratie welke gegevens wel en niet zichtbaar zijn. Dat pas je aan in "Mijn SKJ".',
        'Bespreek dit onderwerp vaak in het teamoverleg. Dan is het voor iedereen makkelijker om erover te praten.',
      ],
    },
    {
      kind: 'info',
      id: 'afspraken_client',
      title: 'Afspraken met je cliënt',
      source: '004',
      body: ['Maak duidelijke afspraken met je cliënten:'],
      bullets: [
        'Zorg dat de omgangsafspraken met je cliënt ook over online gedrag gaan.',
        'Vertel je cliënten dat er stappen volgen als ze jou online zwart maken of bedreigen. Bijvoorbeeld aangifte bij de politie.',
        'Ken de regels van je organisatie over contact met cliënten. Bijvoorbeeld over WhatsApp.',
        'Wil je cliënt een gesprek opnemen? Spreek dan duidelijk af wat jullie met de opname doen.',
      ],
    },
    {
      kind: 'info',
      id: 'gebeurt_het_toch',
      title: 'Gebeurt het toch?',
      source: '004',
      body: [
        'Laat je organisatie aangifte doen. Neem contact op met je leidinggevende en volg {protocol}.',
        "Praat erover met je leidinggevende, je collega's of {vertrouwenspersoon}. Blijft het incident je achtervolgen? Trek dan aan de bel bij je leidinggevende. Goede nazorg is belangrijk.",
      ],
    },
    {
      kind: 'summary',
      id: 'samenvatting',
      title: 'Klaar',
      source: '004',
      intro: 'Je hebt alle tips gezien.',
      closingTitle: 'Onthoud',
      closing: [
        'Check elke maand je privacy-instellingen.',
        'Bespreek online grensoverschrijdend gedrag in je team. Zo wordt het makkelijker om erover te praten.',
      ],
    },
  ],
};
