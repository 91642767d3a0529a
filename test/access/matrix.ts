/**
 * The access matrix of issue 7 ("Access"), written out by hand — NOT derived from the code, so a change in the
 * code cannot quietly change what the test expects.
 *
 * PROTECTED lists every manager-only action and every read of a record, each as one row: where it is tried, the
 * button data or typed text, who may do it, the Dutch refusal the presser sees, the audit action of the refusal,
 * and one cell per actor saying how it must end. OPEN lists every card verb and text command that anyone may use,
 * with the reason it is safe. ADMIN_ONLY lists the text commands only admins (ADMIN_IDS) may use.
 * accessMatrix.test.ts runs the tables against one running Baken; matrixCoverage.test.ts fails when a card verb (ACTION_VERBS) or a text command (TEXT_COMMAND_KINDS) exists that no table names.
 */

/** Who tries. The team under attack is "Team De Linde" (team A). */
export const ACTORS = [
  /** Carla: staff of team A (on its roster, not a manager). */
  'staffSameTeam',
  /** Sem: staff of team B ("Team De Eik"), not on team A's roster. */
  'staffOtherTeam',
  /** Mila: manager of team B, not on team A's roster. */
  'managerOtherTeam',
  /** Olga: made manager of team A (by a manager, on the roster then), then removed from the roster. */
  'managerWhoLeft',
  /** Gijs: on team A's roster as a guest (userRole 'guest'), and even written into team A's managers. */
  'guest',
  /** Someone from a tenant Baken does not serve, carrying the ids of team A's own manager. */
  'otherTenant',
] as const;
/** An actor of the matrix. */
export type Actor = (typeof ACTORS)[number];

/**
 * How a cell must end.
 * - REFUSED: a Dutch refusal seen only by the presser (invoke answer or their 1:1 chat, never a channel), no record
 *   changed, and an audit entry with outcome 'refused' for the presser and the row's audit action.
 * - NOT_SERVED: the activity never reaches the bot: an invoke gets 403, nothing is sent, stored or audited.
 * - OWN_TEAM_ONLY: a 1:1 command without a team in it acts on the presser's own team (where they are manager),
 *   never on team A: nothing of team A changes and nothing of team A is shown.
 */
export type Cell = 'REFUSED' | 'NOT_SERVED' | 'OWN_TEAM_ONLY';

/** Where the action is tried. */
export type Where =
  /** An Action.Execute invoke in the channel thread of team A's escalation notice. */
  | 'noticeThread'
  /** An Action.Execute invoke (card verb) or a typed message (command) in the presser's own 1:1 chat. */
  | 'personal'
  /** "@Baken <command>" typed in a channel of team A (not its escalation channel). */
  | 'teamChannel';

/**
 * Who may do it (positive controls prove each refusal is a refusal and not a broken action): the team's manager
 * (Anna), or the reporter of the incident (Bram, who is also the staff member its aftercare is for).
 */
export type Grantee = 'teamManager' | 'reporter';

/** One protected action or record read. */
export interface ProtectedRow {
  /** A card verb (src/bot/verbCatalog.ts ACTION_VERBS, from the registrations) or a text command kind (src/bot/commands.ts). */
  kind: 'verb' | 'command';
  /** The verb, or the command kind. */
  name: string;
  where: Where;
  /**
   * Button data (placeholders: $escalation, $incident, $evidence, $checklist (the incident's aftercare), $teamA,
   * $self = the presser's Entra id, $teamManager = Anna's Entra id), or the typed text of a command.
   */
  send: Record<string, unknown> | string;
  /** What the row guards. */
  guards: string;
  /** Who may. */
  allowed: readonly Grantee[];
  /** The Dutch refusal the presser must see (a part of it). */
  refusal: string;
  /** The audit action of the refusal (outcome 'refused'). */
  auditRefused: string;
  /** The audit action of a granted attempt (outcome 'ok'). */
  auditGranted: string;
  /** What someone who may sees (a part of it). */
  granted: string;
  /**
   * The other grantee, refused too: a manager may read an incident but never change it; the reporter may not
   * pick up their own escalation or tick their own aftercare.
   */
  alsoRefused?: ReadonlyArray<{ by: Grantee; refusal: string; auditRefused: string }>;
  /** Button data for the positive control, when it differs ($staffSameTeam = Carla, $managerWhoLeft = Olga). */
  controlSend?: Record<string, unknown>;
  cells: Record<Actor, Cell>;
}

const R = 'REFUSED' as const;
const X = 'NOT_SERVED' as const;
const O = 'OWN_TEAM_ONLY' as const;

const MANAGER_ONLY = 'Dit kan alleen een leidinggevende van dit team';
const DETAILS_ONLY = 'De details zijn alleen voor de melder en de leidinggevenden van het team';
const INCIDENT_REFUSED = 'Deze melding kun je niet openen';
const REPORTER_ONLY = 'Alleen wie de melding deed, kan dit doen';
const NO_MANAGED_TEAM = 'Je bent nog geen leidinggevende van een team met Baken';
const AFTERCARE_MANAGER_ONLY = 'Nazorg starten en bijwerken kan alleen een leidinggevende van het team';
const AFTERCARE_VIEW_REFUSED = 'Deze nazorg kun je niet openen';
const AFTERCARE_STAFF_ONLY = 'Alleen de collega voor wie de nazorg is, kan dit kiezen';
const AFTERCARE_OWN = 'Nazorg voor jezelf start je niet zelf';

// prettier-ignore
export const PROTECTED: readonly ProtectedRow[] = [
  // ── Escalations: manager-only changes, and the 1:1-only reads ──────────────────────────────────────────────
  { kind: 'verb', name: 'escalation.ack', where: 'noticeThread', send: { action: 'escalation.ack', ref: '$escalation' },
    guards: 'pick up an escalation', allowed: ['teamManager'], refusal: MANAGER_ONLY,
    auditRefused: 'escalation.acknowledge', auditGranted: 'escalation.acknowledge', granted: 'Je hebt deze melding opgepakt',
    alsoRefused: [{ by: 'reporter', refusal: MANAGER_ONLY, auditRefused: 'escalation.acknowledge' }],
    cells: { staffSameTeam: R, staffOtherTeam: R, managerOtherTeam: R, managerWhoLeft: R, guest: R, otherTenant: X } },
  { kind: 'verb', name: 'escalation.resolve', where: 'noticeThread', send: { action: 'escalation.resolve', ref: '$escalation', confirmed: 'ja' },
    guards: 'close an escalation', allowed: ['teamManager'], refusal: MANAGER_ONLY,
    auditRefused: 'escalation.resolve', auditGranted: 'escalation.resolve', granted: 'Je hebt deze melding afgerond',
    alsoRefused: [{ by: 'reporter', refusal: MANAGER_ONLY, auditRefused: 'escalation.resolve' }],
    cells: { staffSameTeam: R, staffOtherTeam: R, managerOtherTeam: R, managerWhoLeft: R, guest: R, otherTenant: X } },
  { kind: 'verb', name: 'meldcode.answer', where: 'personal', send: { action: 'meldcode.answer', ref: '$clientEscalation', value: 'toepassing.ja' },
    guards: 'record a step of the Meldcode walk of a client escalation', allowed: ['teamManager'], refusal: MANAGER_ONLY,
    auditRefused: 'meldcode.answer', auditGranted: 'meldcode.antwoord.toepassing.ja', granted: 'Stap 3: gesprek met de cliënt',
    cells: { staffSameTeam: R, staffOtherTeam: R, managerOtherTeam: R, managerWhoLeft: R, guest: R, otherTenant: X } },
  { kind: 'verb', name: 'escalation.details', where: 'noticeThread', send: { action: 'escalation.details', ref: '$escalation' },
    guards: 'read the details of an escalation (record read)', allowed: ['teamManager', 'reporter'], refusal: DETAILS_ONLY,
    auditRefused: 'escalation.details', auditGranted: 'escalation.details', granted: 'Ik heb je de details in een persoonlijk bericht gestuurd',
    cells: { staffSameTeam: R, staffOtherTeam: R, managerOtherTeam: R, managerWhoLeft: R, guest: R, otherTenant: X } },
  { kind: 'verb', name: 'escalation.details', where: 'personal', send: { action: 'escalation.details', ref: '$escalation' },
    guards: 'read the details of an escalation from a 1:1 copy (record read)', allowed: ['teamManager', 'reporter'], refusal: DETAILS_ONLY,
    auditRefused: 'escalation.details', auditGranted: 'escalation.details', granted: 'Ik heb je de details in een persoonlijk bericht gestuurd',
    cells: { staffSameTeam: R, staffOtherTeam: R, managerOtherTeam: R, managerWhoLeft: R, guest: R, otherTenant: X } },
  { kind: 'verb', name: 'escalation.timeline', where: 'personal', send: { action: 'escalation.timeline', ref: '$escalation' },
    guards: 'read the timeline of an escalation (record read; the button sits on the 1:1 details card)', allowed: ['teamManager'], refusal: MANAGER_ONLY,
    auditRefused: 'escalation.timeline', auditGranted: 'escalation.timeline', granted: 'Ik heb je de tijdlijn in een persoonlijk bericht gestuurd',
    alsoRefused: [{ by: 'reporter', refusal: MANAGER_ONLY, auditRefused: 'escalation.timeline' }],
    cells: { staffSameTeam: R, staffOtherTeam: R, managerOtherTeam: R, managerWhoLeft: R, guest: R, otherTenant: X } },
  { kind: 'verb', name: 'escalation.timeline', where: 'noticeThread', send: { action: 'escalation.timeline', ref: '$escalation' },
    guards: 'read the timeline of an escalation, pressed in the channel thread', allowed: ['teamManager'], refusal: MANAGER_ONLY,
    auditRefused: 'escalation.timeline', auditGranted: 'escalation.timeline', granted: 'Ik heb je de tijdlijn in een persoonlijk bericht gestuurd',
    alsoRefused: [{ by: 'reporter', refusal: MANAGER_ONLY, auditRefused: 'escalation.timeline' }],
    cells: { staffSameTeam: R, staffOtherTeam: R, managerOtherTeam: R, managerWhoLeft: R, guest: R, otherTenant: X } },

  // ── Team set-up: managers ─────────────────────────────────────────────────────────────────────────────────
  { kind: 'verb', name: 'team.addManager', where: 'personal', send: { action: 'team.addManager', ref: '$teamA', value: '$self' },
    guards: 'make someone (here: oneself) a manager of team A', allowed: ['teamManager'], refusal: MANAGER_ONLY,
    auditRefused: 'team.add_manager', auditGranted: 'team.add_manager', granted: 'is nu leidinggevende',
    controlSend: { action: 'team.addManager', ref: '$teamA', value: '$staffSameTeam' },
    cells: { staffSameTeam: R, staffOtherTeam: R, managerOtherTeam: R, managerWhoLeft: R, guest: R, otherTenant: X } },
  { kind: 'verb', name: 'team.removeManager', where: 'personal', send: { action: 'team.removeManager', ref: '$teamA', value: '$teamManager', confirmed: 'ja' },
    guards: 'remove a manager of team A', allowed: ['teamManager'], refusal: MANAGER_ONLY,
    auditRefused: 'team.remove_manager', auditGranted: 'team.remove_manager', granted: 'is geen leidinggevende meer',
    controlSend: { action: 'team.removeManager', ref: '$teamA', value: '$managerWhoLeft', confirmed: 'ja' },
    cells: { staffSameTeam: R, staffOtherTeam: R, managerOtherTeam: R, managerWhoLeft: R, guest: R, otherTenant: X } },

  // ── Incidents (reporter; the team's managers once the reporter consented) and their evidence ─────────────────
  { kind: 'verb', name: 'incident.open', where: 'personal', send: { action: 'incident.open', ref: '$incident' },
    guards: 'open an incident (record read)', allowed: ['teamManager', 'reporter'], refusal: INCIDENT_REFUSED,
    auditRefused: 'incident.read', auditGranted: 'incident.read', granted: 'Melding: online grensoverschrijdend gedrag',
    cells: { staffSameTeam: R, staffOtherTeam: R, managerOtherTeam: R, managerWhoLeft: R, guest: R, otherTenant: X } },
  { kind: 'verb', name: 'incident.evidence', where: 'personal', send: { action: 'incident.evidence', ref: '$incident', value: '$evidence' },
    guards: 'see a screenshot inline (record read)', allowed: ['teamManager', 'reporter'], refusal: INCIDENT_REFUSED,
    auditRefused: 'evidence.view', auditGranted: 'evidence.view', granted: 'Screenshot. Controlecode (SHA-256)',
    cells: { staffSameTeam: R, staffOtherTeam: R, managerOtherTeam: R, managerWhoLeft: R, guest: R, otherTenant: X } },
  { kind: 'verb', name: 'incident.link', where: 'personal', send: { action: 'incident.link', ref: '$incident', value: '$evidence' },
    guards: 'get a one-time link to a screenshot (record read; GET /evidence/<token> serves it once)', allowed: ['teamManager', 'reporter'], refusal: INCIDENT_REFUSED,
    auditRefused: 'evidence.link_issue', auditGranted: 'evidence.link_issue', granted: 'Hier is je link',
    cells: { staffSameTeam: R, staffOtherTeam: R, managerOtherTeam: R, managerWhoLeft: R, guest: R, otherTenant: X } },
  { kind: 'verb', name: 'incident.edit', where: 'personal', send: { action: 'incident.edit', ref: '$incident', value: 'in_gesprek' },
    guards: 'open a step of an incident to change it (reporter only; a read first)', allowed: ['reporter'], refusal: INCIDENT_REFUSED,
    auditRefused: 'incident.read', auditGranted: 'incident.read', granted: 'Melding bijwerken',
    alsoRefused: [{ by: 'teamManager', refusal: REPORTER_ONLY, auditRefused: 'incident.edit' }],
    cells: { staffSameTeam: R, staffOtherTeam: R, managerOtherTeam: R, managerWhoLeft: R, guest: R, otherTenant: X } },
  { kind: 'verb', name: 'incident.save', where: 'personal', send: { action: 'incident.save', ref: '$incident', value: 'in_gesprek', f_client: 'nee', f_uitkomst: 'OVERSCHREVEN' },
    guards: 'change a step of an incident (reporter only)', allowed: ['reporter'], refusal: REPORTER_ONLY,
    auditRefused: 'incident.update_step', auditGranted: 'incident.update_step', granted: 'Bijgewerkt. Dank je.',
    alsoRefused: [{ by: 'teamManager', refusal: REPORTER_ONLY, auditRefused: 'incident.update_step' }],
    cells: { staffSameTeam: R, staffOtherTeam: R, managerOtherTeam: R, managerWhoLeft: R, guest: R, otherTenant: X } },
  { kind: 'verb', name: 'incident.alarm', where: 'personal', send: { action: 'incident.alarm', ref: '$incident' },
    guards: '"Trek aan de bel": a new escalation in the reporter\'s name (reporter only)', allowed: ['reporter'], refusal: INCIDENT_REFUSED,
    auditRefused: 'incident.read', auditGranted: 'incident.escalate_alarm', granted: 'nieuw signaal gekregen',
    alsoRefused: [{ by: 'teamManager', refusal: REPORTER_ONLY, auditRefused: 'incident.alarm' }],
    cells: { staffSameTeam: R, staffOtherTeam: R, managerOtherTeam: R, managerWhoLeft: R, guest: R, otherTenant: X } },

  // ── Aftercare (nazorg) checklists: started and kept by the team's managers; the staff member may only respond ──
  { kind: 'verb', name: 'aftercare.start', where: 'personal', send: { action: 'aftercare.start', ref: '$incident' },
    guards: 'start aftercare for an incident (it already runs: a start is then a read)', allowed: ['teamManager'], refusal: AFTERCARE_MANAGER_ONLY,
    auditRefused: 'aftercare.start', auditGranted: 'aftercare.read', granted: 'De nazorg voor deze melding loopt al',
    alsoRefused: [{ by: 'reporter', refusal: AFTERCARE_OWN, auditRefused: 'aftercare.start' }],
    cells: { staffSameTeam: R, staffOtherTeam: R, managerOtherTeam: R, managerWhoLeft: R, guest: R, otherTenant: X } },
  { kind: 'verb', name: 'aftercare.start', where: 'personal', send: { action: 'aftercare.start', ref: '$escalation' },
    guards: 'start aftercare from the escalation\'s details card (escalation id → incident)', allowed: ['teamManager'], refusal: AFTERCARE_MANAGER_ONLY,
    auditRefused: 'aftercare.start', auditGranted: 'aftercare.read', granted: 'De nazorg voor deze melding loopt al',
    alsoRefused: [{ by: 'reporter', refusal: AFTERCARE_OWN, auditRefused: 'aftercare.start' }],
    cells: { staffSameTeam: R, staffOtherTeam: R, managerOtherTeam: R, managerWhoLeft: R, guest: R, otherTenant: X } },
  { kind: 'verb', name: 'aftercare.open', where: 'personal', send: { action: 'aftercare.open', ref: '$checklist' },
    guards: 'open an aftercare checklist (record read)', allowed: ['teamManager', 'reporter'], refusal: AFTERCARE_VIEW_REFUSED,
    auditRefused: 'aftercare.read', auditGranted: 'aftercare.read', granted: 'Nazorg na online grensoverschrijdend gedrag',
    cells: { staffSameTeam: R, staffOtherTeam: R, managerOtherTeam: R, managerWhoLeft: R, guest: R, otherTenant: X } },
  { kind: 'verb', name: 'aftercare.tick', where: 'personal', send: { action: 'aftercare.tick', ref: '$checklist', value: 'steungesprek' },
    guards: 'tick an item of the checklist', allowed: ['teamManager'], refusal: AFTERCARE_MANAGER_ONLY,
    auditRefused: 'aftercare.tick', auditGranted: 'aftercare.tick', granted: 'is klaar',
    alsoRefused: [{ by: 'reporter', refusal: AFTERCARE_MANAGER_ONLY, auditRefused: 'aftercare.tick' }],
    cells: { staffSameTeam: R, staffOtherTeam: R, managerOtherTeam: R, managerWhoLeft: R, guest: R, otherTenant: X } },
  { kind: 'verb', name: 'aftercare.notNeeded', where: 'personal', send: { action: 'aftercare.notNeeded', ref: '$checklist', value: 'mim', f_reden_mim: 'Al geregeld' },
    guards: 'mark an item not needed (with a reason)', allowed: ['teamManager'], refusal: AFTERCARE_MANAGER_ONLY,
    auditRefused: 'aftercare.not_needed', auditGranted: 'aftercare.not_needed', granted: 'is niet nodig',
    alsoRefused: [{ by: 'reporter', refusal: AFTERCARE_MANAGER_ONLY, auditRefused: 'aftercare.not_needed' }],
    cells: { staffSameTeam: R, staffOtherTeam: R, managerOtherTeam: R, managerWhoLeft: R, guest: R, otherTenant: X } },
  { kind: 'verb', name: 'aftercare.reschedule', where: 'personal', send: { action: 'aftercare.reschedule', ref: '$checklist', value: 'aangifte', f_datum_aangifte: '2026-12-01' },
    guards: 'give an item a new date', allowed: ['teamManager'], refusal: AFTERCARE_MANAGER_ONLY,
    auditRefused: 'aftercare.reschedule', auditGranted: 'aftercare.reschedule', granted: 'heeft een nieuwe datum',
    alsoRefused: [{ by: 'reporter', refusal: AFTERCARE_MANAGER_ONLY, auditRefused: 'aftercare.reschedule' }],
    cells: { staffSameTeam: R, staffOtherTeam: R, managerOtherTeam: R, managerWhoLeft: R, guest: R, otherTenant: X } },
  { kind: 'verb', name: 'aftercare.decline', where: 'personal', send: { action: 'aftercare.decline', ref: '$checklist', confirmed: 'ja' },
    guards: 'decline aftercare (only the staff member it is for)', allowed: ['reporter'], refusal: AFTERCARE_STAFF_ONLY,
    auditRefused: 'aftercare.decline', auditGranted: 'aftercare.decline', granted: 'Je hebt gekozen voor geen nazorg',
    alsoRefused: [{ by: 'teamManager', refusal: AFTERCARE_STAFF_ONLY, auditRefused: 'aftercare.decline' }],
    cells: { staffSameTeam: R, staffOtherTeam: R, managerOtherTeam: R, managerWhoLeft: R, guest: R, otherTenant: X } },
  { kind: 'verb', name: 'aftercare.accept', where: 'personal', send: { action: 'aftercare.accept', ref: '$checklist' },
    guards: 'want aftercare after all (only the staff member it is for)', allowed: ['reporter'], refusal: AFTERCARE_STAFF_ONLY,
    auditRefused: 'aftercare.accept', auditGranted: 'aftercare.accept', granted: 'Je contactpersoon weet dat je toch nazorg wilt',
    alsoRefused: [{ by: 'teamManager', refusal: AFTERCARE_STAFF_ONLY, auditRefused: 'aftercare.accept' }],
    cells: { staffSameTeam: R, staffOtherTeam: R, managerOtherTeam: R, managerWhoLeft: R, guest: R, otherTenant: X } },

  // ── Text commands for managers ─────────────────────────────────────────────────────────────────────────────
  { kind: 'command', name: 'setEscalationChannel', where: 'teamChannel', send: 'meldkanaal',
    guards: 'make a channel of team A its escalation channel', allowed: ['teamManager'], refusal: MANAGER_ONLY,
    auditRefused: 'team.set_escalation_channel', auditGranted: 'team.set_escalation_channel', granted: 'Dit kanaal is nu het meldkanaal',
    cells: { staffSameTeam: R, staffOtherTeam: R, managerOtherTeam: R, managerWhoLeft: R, guest: R, otherTenant: X } },
  { kind: 'command', name: 'testEscalation', where: 'teamChannel', send: 'testmelding',
    guards: 'send a test escalation for team A', allowed: ['teamManager'], refusal: MANAGER_ONLY,
    auditRefused: 'escalation.test', auditGranted: 'escalation.create', granted: 'Testmelding verstuurd',
    cells: { staffSameTeam: R, staffOtherTeam: R, managerOtherTeam: R, managerWhoLeft: R, guest: R, otherTenant: X } },
  { kind: 'command', name: 'testEscalation', where: 'personal', send: 'testmelding',
    guards: 'send a test escalation for the team one manages', allowed: ['teamManager'], refusal: NO_MANAGED_TEAM,
    auditRefused: 'escalation.test', auditGranted: 'escalation.create', granted: 'Testmelding verstuurd',
    cells: { staffSameTeam: R, staffOtherTeam: R, managerOtherTeam: O, managerWhoLeft: R, guest: R, otherTenant: X } },
  { kind: 'command', name: 'managers', where: 'teamChannel', send: 'managers',
    guards: 'team A\'s members are never listed in the channel: a manager is sent to the 1:1 chat', allowed: ['teamManager'], refusal: MANAGER_ONLY,
    auditRefused: 'team.view_managers', auditGranted: 'team.managers_redirect', granted: 'in een persoonlijk bericht',
    cells: { staffSameTeam: R, staffOtherTeam: R, managerOtherTeam: R, managerWhoLeft: R, guest: R, otherTenant: X } },
  { kind: 'command', name: 'managers', where: 'personal', send: 'managers',
    guards: 'see the members of the team one manages', allowed: ['teamManager'], refusal: NO_MANAGED_TEAM,
    auditRefused: 'team.view_managers', auditGranted: 'team.view_managers', granted: 'Leidinggevenden van het team',
    cells: { staffSameTeam: R, staffOtherTeam: R, managerOtherTeam: O, managerWhoLeft: R, guest: R, otherTenant: X } },
];

/** A verb or command anyone may use, with why that is safe; accessMatrix.test.ts checks the reason. */
export interface OpenEntry {
  kind: 'verb' | 'command';
  name: string;
  /** Why it is open, and what the test checks. */
  scope: string;
}

// prettier-ignore
export const OPEN: readonly OpenEntry[] = [
  { kind: 'verb', name: 'menu.open', scope: 'shows the menu; reads nothing but the presser\'s own 1:1 state' },
  { kind: 'verb', name: 'flow.start', scope: 'starts a run in the presser\'s own 1:1 state' },
  { kind: 'verb', name: 'flow.resume', scope: 'resumes the presser\'s own run' },
  { kind: 'verb', name: 'flow.answer', scope: 'own runs only: with another user\'s runId it changes nothing of that run' },
  { kind: 'verb', name: 'flow.next', scope: 'own runs only: with another user\'s runId it changes nothing of that run' },
  { kind: 'verb', name: 'flow.back', scope: 'own runs only: with another user\'s runId it changes nothing of that run' },
  { kind: 'verb', name: 'flow.skip', scope: 'own runs only: with another user\'s runId it changes nothing of that run' },
  { kind: 'verb', name: 'flow.stop', scope: 'own runs only: with another user\'s runId it changes nothing of that run' },
  { kind: 'verb', name: 'flow.escalate', scope: 'own runs only: with another user\'s runId it escalates nothing about that run' },
  { kind: 'verb', name: 'flow.resend', scope: 'own runs only: with another user\'s runId it sends nothing of that run' },
  { kind: 'verb', name: 'flow.goto', scope: 'own runs only: with another user\'s runId it changes nothing of that run' },
  { kind: 'verb', name: 'team.choose', scope: 'remembers the presser\'s own team for escalations; only a team they are on (not a guest)' },
  { kind: 'verb', name: 'aftercare.list', scope: 'the aftercare overview: the presser\'s own checklists, and those (and shared incidents) of teams they manage now: never another team\'s' },
  { kind: 'verb', name: 'incident.list', scope: 'the presser\'s own incidents, and shared ones of teams they manage now: never another team\'s' },
  { kind: 'command', name: 'menu', scope: 'shows the menu' },
  { kind: 'command', name: 'stop', scope: 'stops the presser\'s own run' },
  { kind: 'command', name: 'resume', scope: 'resumes the presser\'s own run' },
  { kind: 'command', name: 'startFlow', scope: 'starts a guidance flow for the presser' },
  { kind: 'command', name: 'myIncidents', scope: '"mijn meldingen": the same list as incident.list' },
  { kind: 'command', name: 'aftercare', scope: '"nazorg" (and "nazorg <naam>"): the same overview as aftercare.list' },
  { kind: 'command', name: 'unknown', scope: 'says it does not understand (or continues the presser\'s own dialog)' },
];

/**
 * A text command for admins (ADMIN_IDS) only. Anyone else gets exactly the answer to text Baken does not know (the
 * command's existence is not shown), nothing changes and nothing is audited; from another tenant it is not served.
 */
export interface AdminOnlyEntry {
  kind: 'command';
  name: string;
  /** The typed text. */
  send: string;
  /** What it shows. */
  guards: string;
  /** What an admin sees (a part of it). */
  granted: string;
  /**
   * What everyone else sees (a part of one of these): the answer to unknown text, which is "not understood", or the
   * open flow's own question again for someone who is in the middle of one.
   */
  answer: readonly string[];
}

// prettier-ignore
export const ADMIN_ONLY: readonly AdminOnlyEntry[] = [
  { kind: 'command', name: 'status', send: 'status',
    guards: 'how many outbox entries wait for delivery and how long the oldest waits (counts and minutes, no content)',
    granted: 'Status van de berichten', answer: ['Dat begrijp ik niet', 'Kies een antwoord op de kaart'] },
];

/** Who tries a read that nobody but the reporter (and, after consent, the team's managers) may do. */
export type Outsider = 'teamManager' | 'admin';

/** A record read refused even to a manager or an admin. */
export interface NobodyElseRow {
  /** The team's manager (Anna) before the reporter consented, or an admin (from ADMIN_IDS) at any time. */
  by: Outsider;
  why: string;
  send: Record<string, unknown>;
  refusal: string;
  auditRefused: string;
}

const BEFORE_CONSENT = "the incident is the reporter's alone until they agree to tell the managers";
const NOT_ADMINS = 'admins appoint managers; they never read incidents (docs/incidents.md)';

/**
 * Record reads refused even to people with a role ($unsharedIncident / $unsharedEvidence: Dirk's incident, never
 * shared; $incident, $evidence, $checklist: Bram's shared incident and its aftercare).
 */
// prettier-ignore
export const NOBODY_ELSE: readonly NobodyElseRow[] = [
  { by: 'teamManager', why: BEFORE_CONSENT, send: { action: 'incident.open', ref: '$unsharedIncident' }, refusal: INCIDENT_REFUSED, auditRefused: 'incident.read' },
  { by: 'teamManager', why: BEFORE_CONSENT, send: { action: 'incident.evidence', ref: '$unsharedIncident', value: '$unsharedEvidence' }, refusal: INCIDENT_REFUSED, auditRefused: 'evidence.view' },
  { by: 'teamManager', why: BEFORE_CONSENT, send: { action: 'incident.link', ref: '$unsharedIncident', value: '$unsharedEvidence' }, refusal: INCIDENT_REFUSED, auditRefused: 'evidence.link_issue' },
  { by: 'teamManager', why: BEFORE_CONSENT, send: { action: 'aftercare.start', ref: '$unsharedIncident' }, refusal: 'Deze melding is niet gedeeld met de leidinggevenden', auditRefused: 'aftercare.start' },
  { by: 'admin', why: NOT_ADMINS, send: { action: 'incident.open', ref: '$incident' }, refusal: INCIDENT_REFUSED, auditRefused: 'incident.read' },
  { by: 'admin', why: NOT_ADMINS, send: { action: 'incident.evidence', ref: '$incident', value: '$evidence' }, refusal: INCIDENT_REFUSED, auditRefused: 'evidence.view' },
  { by: 'admin', why: NOT_ADMINS, send: { action: 'incident.link', ref: '$incident', value: '$evidence' }, refusal: INCIDENT_REFUSED, auditRefused: 'evidence.link_issue' },
  { by: 'admin', why: NOT_ADMINS, send: { action: 'aftercare.open', ref: '$checklist' }, refusal: AFTERCARE_VIEW_REFUSED, auditRefused: 'aftercare.read' },
  { by: 'admin', why: NOT_ADMINS, send: { action: 'incident.open', ref: '$unsharedIncident' }, refusal: INCIDENT_REFUSED, auditRefused: 'incident.read' },
];
