/** Dutch texts the flow runner shows (B1: short and clear, saying what to do next). */
export const FLOW_TEXTS = {
  resumed: 'Welkom terug. Je gaat verder waar je was.',
  versionChanged: 'Deze uitleg is aangepast sinds je begon. Je begint opnieuw bij het begin.',
  summaryResent: 'De samenvatting staat hieronder nog een keer.',
  staleCard: 'Deze kaart is verlopen. Hieronder zie je waar je nu bent.',
  useTheCard: 'Kies een antwoord op de kaart. Of typ **menu** of **stop**.',
  unknownChoice: 'Dat antwoord ken ik niet. Kies een van de knoppen op de kaart.',
  badClientCode:
    'Gebruik een korte code met minstens één cijfer, zoals K7: letters, cijfers of een streepje, zonder spaties, maximaal 12 tekens. Noem nooit een naam.',
  noteTooLong: (max: number) => `Je notitie is te lang. Houd het kort: maximaal ${max} tekens.`,
  alreadyEscalated: 'Je team weet dit al. Je hoort het als iemand het oppakt.',
  escalationUnavailable: 'Je team inlichten kan nu nog niet. Neem direct contact op met je leidinggevende.',
} as const;
