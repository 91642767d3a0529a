import type { EscalationKind } from '../flows/flowSchema';
import type { Urgency } from './escalationRecord';

/** The kinds of escalation in Dutch, as notices show them. */
export const KIND_LABELS: Record<EscalationKind, string> = {
  grooming: 'Vermoeden van grooming',
  online_uitbuiting: 'Signalen van online uitbuiting',
  onveilige_online_relatie: 'Onveilige online relatie',
  grensoverschrijdend_gedrag_medewerker: 'Online grensoverschrijdend gedrag tegen een collega',
  test: 'Testmelding',
};

/** The urgencies in Dutch. */
export const URGENCY_LABELS: Record<Urgency, string> = {
  acuut: 'Acuut',
  hoog: 'Hoog',
  normaal: 'Normaal',
};

/** Dutch texts of escalations, roles and team set-up (B1: short, and saying what to do next). */
export const ESCALATION_TEXTS = {
  call112: 'Bel 112 bij direct gevaar.',
  anonymousReporter: 'een collega',
  statusOpen: 'Nog niet opgepakt.',
  statusAcknowledged: (name: string, when: string) => `Opgepakt door ${name} (${when}).`,
  aandachtsfunctionaris: 'aandachtsfunctionaris',
  statusResolved: (name: string, when: string) => `Afgerond door ${name} (${when}).`,
  ack: 'Ik pak dit op',
  resolve: 'Afgerond',
  details: 'Bekijk details',
  timeline: 'Bekijk tijdlijn',
  testNote: 'Dit is een test. Er is niets aan de hand.',
  onlyManagersNote:
    'Alleen leidinggevenden kunnen dit oppakken of afronden. Details staan nooit in dit kanaal.',
  // Banners above a 1:1 copy of the notice.
  bannerNoChannel: 'Je team heeft nog geen meldkanaal. Daarom krijg je deze melding persoonlijk.',
  bannerChannelFailed: 'Het meldkanaal werkt niet. Daarom krijg je deze melding persoonlijk.',
  bannerNoTeam:
    'Deze melding komt van iemand in een team waar Baken nog niet is. Pak hem op of geef hem door.',
  bannerNoManagers:
    'Dit team heeft nog geen leidinggevende in Baken. Daarom krijg je als beheerder deze melding.',
  bannerReminder: (count: number) => `Herinnering ${count}: deze melding is nog niet opgepakt.`,
  bannerAdminNotPickedUp:
    'Deze melding is na alle herinneringen nog niet opgepakt. Wil je zorgen dat iemand hem oppakt?',
  bannerAdminChannelFailed:
    'Het meldkanaal van dit team werkt niet meer (Baken is verwijderd of het kanaal bestaat niet). De leidinggevenden kregen de melding persoonlijk. Stel een nieuw meldkanaal in.',
  reminderTitle: 'Herinnering',
  reminderBody: (count: number) =>
    `Deze melding is nog niet opgepakt (herinnering ${count}). Ben je leidinggevende? Kies **Ik pak dit op** op de melding hierboven.`,
  // Messages to the reporter.
  // To the reporter: "je bericht aan het team", never "je melding", which sounds like Veilig Thuis or the police.
  reporterAcknowledged: (kind: string, name: string, when: string) =>
    `Je bericht aan het team (${kind}) is opgepakt door ${name} (${when}).`,
  reporterResolved: (kind: string, name: string, when: string) =>
    `Je bericht aan het team (${kind}) is afgerond door ${name} (${when}).`,
  reporterDirectToManagers: (kind: string) =>
    `Je team heeft nog geen meldkanaal. Ik heb je bericht (${kind}) daarom persoonlijk naar de leidinggevenden gestuurd.`,
  reporterToAdmins: (kind: string) =>
    `Baken is nog niet in je team, of je team heeft nog geen leidinggevende. Ik heb je bericht (${kind}) naar de beheerders gestuurd.`,
  reporterNotPickedUp: (kind: string) =>
    `Je bericht aan het team (${kind}) is nog niet opgepakt. Ik heb de beheerders gevraagd om te helpen. Is het dringend? Bel je leidinggevende. Bij direct gevaar: bel 112.`,
  messageTitle: 'Over je bericht aan het team',
  // Status lines for the reporter's summary card: who knows now (the team), never "gemeld" as if it were a melding.
  statusLineChannel: (team: string, when: string) =>
    `Je team weet het nu. Het staat in het meldkanaal van ${team} (${when}).`,
  statusLineManagers: (team: string, when: string) =>
    `Je team weet het nu: de leidinggevenden van ${team} kregen een bericht (${when}).`,
  statusLineAdmins: (when: string) =>
    `De beheerders van Baken weten het nu (${when}). Baken is nog niet in je team.`,
  statusLineFailed:
    'Je bericht aan het team is bewaard, maar ik kan nu niemand bereiken. Neem direct contact op met je leidinggevende.',
  /** After a harassment report reached the managers: the organisation files any police report, not Baken. */
  notYetAangifte: 'Dit is nog geen aangifte bij de politie.',
  // Details and timeline (1:1 only).
  detailsTitle: 'Details van de melding',
  detailsOnlyHere: 'Deze details zie je alleen hier. Deel ze niet in een kanaal.',
  detailsNone: 'Er zijn geen details ingevuld.',
  clientCodeLabel: 'Code cliënt:',
  timelineTitle: 'Tijdlijn van de melding',
  timelineActions: {
    created: 'Melding gemaakt',
    notice_posted: 'Geplaatst in het meldkanaal',
    notice_direct: 'Persoonlijk verstuurd',
    notice_failed: 'Meldkanaal werkt niet',
    reminder: 'Herinnering verstuurd',
    admins_told: 'Beheerders ingeschakeld',
    acknowledged: 'Opgepakt',
    resolved: 'Afgerond',
    meldcode_answer: 'Meldcode',
    meldcode_decision: 'Meldcode, besluit',
    meldcode_reminder: 'Herinnering Meldcode verstuurd',
  },
  systemActor: 'Baken',
  // Answers to the person who pressed a button or typed a command.
  youAcknowledged: 'Je hebt deze melding opgepakt. De melder krijgt een bericht.',
  youResolved: 'Je hebt deze melding afgerond. De melder krijgt een bericht.',
  resolveConfirmTitle: 'Deze melding afronden?',
  resolveConfirmLines: [
    'Afronden betekent: er hoeft niets meer te gebeuren.',
    'Iedereen in het kanaal ziet dat jij het hebt afgerond. De melder krijgt een bericht.',
    'Er komen geen herinneringen meer. Je kunt dit niet terugdraaien.',
  ],
  resolveConfirmYes: 'Ja, rond af',
  resolveConfirmNo: 'Nee, nog niet',
  alreadyAcknowledged: (name: string) => `Deze melding is al opgepakt door ${name}.`,
  alreadyResolved: (name: string) => `Deze melding is al afgerond door ${name}.`,
  detailsSent: 'Ik heb je de details in een persoonlijk bericht gestuurd.',
  timelineSent: 'Ik heb je de tijdlijn in een persoonlijk bericht gestuurd.',
  refusedManagerOnly: 'Dit kan alleen een leidinggevende van dit team. Vraag je leidinggevende om hulp.',
  refusedDetails: 'De details zijn alleen voor de melder en de leidinggevenden van het team.',
  refusedNoRole: 'Dit kan alleen iemand uit dit team die leidinggevende is.',
  notFound: 'Deze melding bestaat niet meer.',
  tryAgain: 'Dat lukte nu niet. Probeer het zo opnieuw.',
  // Team set-up.
  channelOnly: 'Typ dit in het kanaal waar meldingen moeten komen: **@Baken meldkanaal**.',
  channelSet: 'Gelukt. Dit kanaal is nu het meldkanaal. Nieuwe meldingen komen hier als nieuw bericht.',
  teamUnknown: 'Ik ken dit team nog niet. Voeg Baken opnieuw toe aan het team en probeer het nog eens.',
  testSent: (status: string) => `Testmelding verstuurd. ${status}`,
  noTeamForCommand:
    'Je bent nog geen leidinggevende van een team met Baken. Een beheerder kan je leidinggevende maken. Dat doet die met het woord **leidinggevenden**. Ben je leidinggevende? Typ dit dan in een kanaal van je team.',
  chooseTeamTitle: 'Voor welk team?',
  chooseTeamBody:
    'Je zit in meer teams met Baken. Kies het team waar je melding over gaat. Ik onthoud je keuze.',
  teamChosen: (team: string) => `${team} is nu je team voor meldingen.`,
  managersTitle: 'Leidinggevenden van het team',
  managersIntro:
    'Leidinggevenden krijgen de meldingen en kunnen ze oppakken en afronden. Kies wie leidinggevende is.',
  managerYes: 'leidinggevende',
  managerAdd: 'Maak leidinggevende',
  managerRemove: 'Haal weg',
  managersEmptyRoster: 'Ik kan de leden van dit team nu niet ophalen. Probeer het zo opnieuw.',
  rosterUnreadable: 'Ik kan dat nu niet nagaan. Probeer het zo opnieuw.',
  managerAdded: (name: string) => `${name} is nu leidinggevende.`,
  managerRemoved: (name: string) => `${name} is geen leidinggevende meer.`,
  managerRemoveConfirmTitle: (name: string) => `${name} weghalen als leidinggevende?`,
  managerRemoveConfirmLines: [
    'Deze persoon krijgt dan geen meldingen meer, en kan ze niet meer oppakken of afronden.',
    'Alleen een leidinggevende of beheerder kan dit later terugzetten.',
  ],
  managerRemoveConfirmYes: 'Ja, haal weg',
  managerRemoveConfirmNo: 'Nee, laat staan',
  managerNotMember:
    'Deze persoon zit niet (meer) in het team, of is gast. Gasten kunnen geen leidinggevende zijn.',
  managersAskInChat:
    'De lijst met leidinggevenden laat ik niet in het kanaal zien. Stuur mij **managers** in een persoonlijk bericht.',
} as const;

/** Formats a moment as Dutch day and time in the organisation's time zone, e.g. "2 november, 10:05". */
export function formatWhen(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('nl-NL', {
    timeZone,
    day: 'numeric',
    month: 'long',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(iso));
}
