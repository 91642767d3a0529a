/** Dutch texts the bot itself sends (outside the flows). */
export const BOT_TEXTS = {
  unknown: 'Dat begrijp ik niet. Typ **menu** om te zien wat ik kan doen.',
  stopped:
    'Je bent gestopt. Wat je al had ingevuld is bewaard. Kies hieronder **Verder waar je was** om later verder te gaan.',
  stoppedPlain: 'Je bent gestopt. Kies hieronder wat je wilt doen.',
  switchTitle: (flow: string) => `Je bent nog bezig met ${flow}`,
  switchBody: (flow: string, where: string) =>
    `Je bent nu bij ${where}. Wil je daar verdergaan of opnieuw beginnen? Wat je bij ${flow} invulde, blijft bewaard tot je opnieuw begint.`,
  switchContinue: 'Ga verder waar je was',
  switchRestart: 'Begin opnieuw',
  switchOther: 'Begin het nieuwe onderdeel',
  nothingToResume: 'Je hebt niets open staan. Kies hieronder wat je wilt doen.',
  turnError: 'Sorry, er ging iets mis. Probeer het opnieuw, of typ **menu** om opnieuw te beginnen.',
  storageDown: 'Ik kan je gegevens nu even niet bereiken. Probeer het zo opnieuw.',
  badAction: 'Deze knop begrijp ik niet. Typ **menu** om opnieuw te beginnen.',
  teamHello:
    'Hallo team! Ik ben Baken. Ik help jullie als je je zorgen maakt over een cliënt online, of als een collega online wordt lastiggevallen. Een leidinggevende kan in het kanaal voor meldingen **@Baken meldkanaal** typen. Dan komen meldingen daar.',
  channelHelp:
    'In een kanaal kan ik dit: **@Baken meldkanaal** (leidinggevenden: maak dit het kanaal voor meldingen). Voor de rest: stuur mij een persoonlijk bericht.',
  demoTeamReady: (channel: string, managers: string) =>
    `Hallo team! Ik ben Baken. Dit is een proefomgeving: **${channel}** is het meldkanaal en ${managers} is leidinggevende. Probeer het: stuur mij een persoonlijk bericht, bijvoorbeeld **menu**.`,
} as const;
