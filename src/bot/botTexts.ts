/** Dutch texts the bot itself sends (outside the flows). */
export const BOT_TEXTS = {
  unknown: 'Dat begrijp ik niet. Typ **menu** om te zien wat ik kan doen.',
  stopped:
    'Je bent gestopt. Wat je al had ingevuld is bewaard. Typ **menu** en kies **Verder waar je was** om later verder te gaan.',
  nothingToResume: 'Je hebt niets open staan. Kies hieronder wat je wilt doen.',
  turnError: 'Sorry, er ging iets mis. Probeer het opnieuw, of typ **menu** om opnieuw te beginnen.',
  storageDown: 'Ik kan je gegevens nu even niet bereiken. Probeer het zo opnieuw.',
  badAction: 'Deze knop begrijp ik niet. Typ **menu** om opnieuw te beginnen.',
  teamHello:
    'Hallo team! Ik ben Baken. Ik help jullie als je je zorgen maakt over een cliënt online, of als een collega online wordt lastiggevallen. Een leidinggevende kan in het kanaal voor meldingen **@Baken meldkanaal** typen. Dan komen meldingen daar.',
  channelHelp:
    'In een kanaal kan ik dit: **@Baken meldkanaal** (leidinggevenden: maak dit het kanaal voor meldingen). Voor de rest: stuur mij een persoonlijk bericht.',
  comingSoon: 'Dit onderdeel komt binnenkort.',
} as const;
