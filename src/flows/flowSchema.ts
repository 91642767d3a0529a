import { z } from 'zod';

/**
 * Guidance flows are typed data: a flow is a list of steps of a few kinds, written in Dutch (B1) from one
 * of the source documents. The generic flow dialog walks any flow; cards render one step at a time.
 *
 * Text may hold the placeholders {org}, {meldpunt}, {meldpuntContact}, {vertrouwenspersoon}, {protocol} and {meldcode};
 * they are filled from the organisation settings when a card is rendered.
 */

/** Where a card's content comes from: one of the five source documents, or a public fact PRODUCT.md allows. */
export const sourceIdSchema = z.enum([
  '000',
  '001',
  '002',
  '003',
  '004',
  'publiek',
  'nazorgpraktijk',
  'baken',
  'meldcode',
]);
/** A source id. */
export type SourceId = z.infer<typeof sourceIdSchema>;

/** The escalation kinds a flow may offer. */
export const escalationKindSchema = z.enum([
  'grooming',
  'online_uitbuiting',
  'onveilige_online_relatie',
  'grensoverschrijdend_gedrag_medewerker',
  'test',
]);
/** An escalation kind. */
export type EscalationKind = z.infer<typeof escalationKindSchema>;

const text = z.string().min(1).max(1200);
const id = z.string().regex(/^[a-z0-9_]{1,40}$/);

const choiceSchema = z.object({
  value: id,
  label: z.string().min(1).max(60),
  /** Marks an answer that means "signals recognised": the summary offers escalation. */
  signal: z.boolean().default(false),
});

/** Text from another source than its step's (e.g. Baken's own safety advice on a seed's card), named on the card. */
export const sourcedTextSchema = z.object({ text: z.array(text).min(1), source: sourceIdSchema });
/** Text with its own source. */
export type SourcedText = z.infer<typeof sourcedTextSchema>;

const stepBase = {
  id,
  title: z.string().min(1).max(80),
  source: sourceIdSchema,
  /** A warning shown in attention colour on the step's card, with its own source. */
  caution: sourcedTextSchema.optional(),
};

/** Advice on a summary: one text (the step's source), or parts that each may name their own source. */
const adviceSchema = z.union([text, z.array(z.object({ text, source: sourceIdSchema.optional() })).min(1)]);

/** Which answers elsewhere in the run make other advice apply (e.g. "signals recognised at question 3"). */
const answeredSchema = z.array(z.object({ step: id, values: z.array(id).min(1) })).min(1);

/** A card of guidance: paragraphs and optional bullets; optionally a note field and an escalate button. */
export const infoStepSchema = z.object({
  kind: z.literal('info'),
  ...stepBase,
  body: z.array(text).min(1),
  bullets: z.array(text).default([]),
  /** When set, the card has an optional short note field with this label. */
  noteLabel: z.string().max(80).optional(),
  /** When set, the card has a button that escalates at once. */
  escalate: z.object({ kind: escalationKindSchema, label: z.string().min(1).max(32) }).optional(),
  /** An explanation one tap away: a button that unfolds it on the same card (for who wants it). */
  more: z
    .object({
      label: z.string().min(1).max(32),
      body: z.array(text).min(1),
      bullets: z.array(text).default([]),
    })
    .optional(),
});

/** One question with fixed answers, shown as buttons; optional short note. */
export const questionStepSchema = z.object({
  kind: z.literal('question'),
  ...stepBase,
  question: text,
  help: text.optional(),
  choices: z.array(choiceSchema).min(2).max(5),
  /** Counts toward "Vraag N van M" when true. */
  numbered: z.boolean().default(true),
  allowNote: z.boolean().default(true),
  /**
   * Answers (choice values) that need attention, and the advice shown for them on the summary; `instead` replaces
   * that advice when any of its answers was given elsewhere in the run.
   */
  attention: z
    .object({
      when: z.array(id).min(1),
      advice: adviceSchema,
      instead: z.object({ ifAnswered: answeredSchema, advice: adviceSchema }).optional(),
    })
    .optional(),
});

/** A list to tick (multi-select); ticking any item counts as a signal when `signalsWhenTicked`. */
export const checklistStepSchema = z.object({
  kind: z.literal('checklist'),
  ...stepBase,
  intro: text,
  items: z
    .array(z.object({ id, label: z.string().min(1).max(200) }))
    .min(1)
    .max(30),
  signalsWhenTicked: z.boolean().default(false),
});

/** The longest value a form's short text field accepts (kept short, never logged). */
export const FORM_TEXT_MAX_LENGTH = 200;
/** Maximum length of a note a user may type; cards set it as maxLength and handlers cut to it. */
export const NOTE_MAX_LENGTH = 200;
/** Maximum length of a client code. */
export const CLIENT_CODE_MAX_LENGTH = 12;
/** A client code: letters, digits or dashes with at least one digit (K7) — so it is never a name. */
export const CLIENT_CODE_PATTERN = '[A-Za-z-]*[0-9][A-Za-z0-9-]*';

const fieldBase = { id, label: z.string().min(1).max(120), required: z.boolean().default(false) };

/** A form field: one choice from fixed options. */
export const choiceFieldSchema = z.object({
  type: z.literal('choice'),
  ...fieldBase,
  choices: z
    .array(z.object({ value: id, label: z.string().min(1).max(60) }))
    .min(2)
    .max(10),
});

/** A form field: a short free text (no names of clients), at most FORM_TEXT_MAX_LENGTH characters. */
export const textFieldSchema = z.object({
  type: z.literal('text'),
  ...fieldBase,
  placeholder: z.string().max(80).optional(),
});

/** A form field: a date (YYYY-MM-DD), not in the future. */
export const dateFieldSchema = z.object({ type: z.literal('date'), ...fieldBase });

/** Any field of a form step. */
export const formFieldSchema = z.discriminatedUnion('type', [
  choiceFieldSchema,
  textFieldSchema,
  dateFieldSchema,
]);
/** A form field. */
export type FormField = z.infer<typeof formFieldSchema>;

/** Guidance with a few fields to fill in, submitted with "Verder"; the step may be skipped and filled later. */
export const formStepSchema = z.object({
  kind: z.literal('form'),
  ...stepBase,
  body: z.array(text).min(1),
  bullets: z.array(text).default([]),
  fields: z.array(formFieldSchema).min(1).max(8),
  /** Shown under the fields, e.g. the invitation to send screenshots in the chat now. */
  footer: text.optional(),
});

/** The end of a flow: lists answers with advice, then closing guidance. */
export const summaryStepSchema = z.object({
  kind: z.literal('summary'),
  ...stepBase,
  intro: text.optional(),
  closingTitle: z.string().max(80).optional(),
  closing: z.array(text).default([]),
  /** Offered when any signal was recognised in the run. */
  escalationOffer: z.object({ kind: escalationKindSchema, text }).optional(),
  /** Shown beside the offer (and the status once escalated) when signals were recognised, e.g. Veilig Thuis. */
  signalAdvice: sourcedTextSchema.optional(),
});

/** Any step of a flow. */
export const stepSchema = z.discriminatedUnion('kind', [
  infoStepSchema,
  questionStepSchema,
  checklistStepSchema,
  formStepSchema,
  summaryStepSchema,
]);
/** A step. */
export type Step = z.infer<typeof stepSchema>;
/** An info step. */
export type InfoStep = z.infer<typeof infoStepSchema>;
/** A question step. */
export type QuestionStep = z.infer<typeof questionStepSchema>;
/** A checklist step. */
export type ChecklistStep = z.infer<typeof checklistStepSchema>;
/** A form step. */
export type FormStep = z.infer<typeof formStepSchema>;
/** A summary step. */
export type SummaryStep = z.infer<typeof summaryStepSchema>;

/** The ids of the guidance flows. */
export const flowIdSchema = z.enum([
  'grooming',
  'verliefd',
  'uitbuiting',
  'gesprekstips',
  'voorkomen',
  'grensoverschrijdend',
]);
/** A flow id. */
export type FlowId = z.infer<typeof flowIdSchema>;

/** A whole flow: metadata plus its steps. Bump `version` whenever steps change. */
export const flowSchema = z
  .object({
    id: flowIdSchema,
    version: z.number().int().min(1),
    /** The menu button's title too: at most 32 characters, so it is never cut off on a phone. */
    title: z.string().min(1).max(32),
    /** One line for the menu. */
    description: z.string().min(1).max(120),
    /**
     * Words a person may type that point to this flow ("bedreigd", "loverboy"): free text outside a question is
     * answered with the flows whose words it holds. Lower case Dutch; a phrase counts double.
     */
    keywords: z.array(z.string().min(2).max(40)).default([]),
    /** Whether the flow is about a client (asks for an optional client code, refuses images). */
    aboutClient: z.boolean(),
    steps: z.array(stepSchema).min(1),
  })
  .superRefine((flow, ctx) => {
    const ids = new Set<string>();
    const choicesOf = new Map(
      flow.steps.flatMap((s) =>
        s.kind === 'question' ? [[s.id, s.choices.map((c) => c.value)] as const] : [],
      ),
    );
    for (const step of flow.steps) {
      for (const ref of step.kind === 'question' ? (step.attention?.instead?.ifAnswered ?? []) : []) {
        const known = choicesOf.get(ref.step);
        if (!known || ref.values.some((v) => !known.includes(v)))
          ctx.addIssue({ code: 'custom', message: `${step.id} refers to an unknown answer of ${ref.step}` });
      }
      if (ids.has(step.id)) ctx.addIssue({ code: 'custom', message: `duplicate step id ${step.id}` });
      ids.add(step.id);
      if (step.kind === 'form') {
        const fieldIds = step.fields.map((f) => f.id);
        if (new Set(fieldIds).size !== fieldIds.length)
          ctx.addIssue({ code: 'custom', message: `duplicate field id in ${step.id}` });
      }
    }
    const last = flow.steps[flow.steps.length - 1];
    if (last?.kind !== 'summary')
      ctx.addIssue({ code: 'custom', message: 'the last step must be a summary' });
  });
/** A flow. */
export type Flow = z.infer<typeof flowSchema>;

/** Human-readable names of the sources, as cards show them ("Bron: …"). */
export const SOURCE_LABELS: Record<SourceId, string> = {
  '000': "'Verliefd!' – online daten, begeleiding in 7 stappen",
  '001': "'Hoe was jouw dag op internet?' – handreiking sociale media en seksuele weerbaarheid",
  '002': "'Hoe kom ik erachter of een cliënt slachtoffer is van grooming?'",
  '003': "'Professionals kunnen het verschil maken bij online uitbuiting'",
  '004': "'Online grensoverschrijdend gedrag'",
  publiek: 'openbare informatie van politie, Veilig Thuis en Helpwanted',
  nazorgpraktijk: 'gangbare praktijk bij nazorg na agressie tegen zorgmedewerkers',
  baken: 'Baken zelf (eigen advies, geen brondocument)',
  meldcode: 'Meldcode huiselijk geweld en kindermishandeling (openbare informatie van de Rijksoverheid)',
};
