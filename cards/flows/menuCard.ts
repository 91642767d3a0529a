import { executeAction, type ActionData } from '../actions';
import type { ActionSet, CardElement } from '../cardElements';
import { adaptiveCard, noticeBlock, textBlock, titleBlock, type AdaptiveCard } from '../cardShell';

/** One entry of the main menu. */
export interface MenuEntry {
  title: string;
  description: string;
  /** The flow id to start; undefined = not built yet ("binnenkort"), unless `action` is set. */
  flowId?: string;
  /** A button other than starting a flow (e.g. "Mijn meldingen"). */
  action?: ActionData;
}

/** What the main menu shows. */
export interface MenuView {
  orgName: string;
  entries: MenuEntry[];
  /** A stopped or interrupted run that can be continued. */
  resume?: { flowTitle: string; where: string };
  notice?: string;
  /** Shown once, on install / first contact. */
  welcome?: boolean;
}

/** A full-width button in its own action set, so buttons stack on a phone. */
function menuButton(title: string, data: Parameters<typeof executeAction>[1], positive = false): ActionSet {
  return {
    type: 'ActionSet',
    actions: [executeAction(title, data, positive ? { style: 'positive' } : {})],
  };
}

/** The main menu (also the welcome card): every flow as a button, plus "Verder waar je was" and Stop. */
export function menuCard(view: MenuView): AdaptiveCard {
  const body: CardElement[] = [];
  if (view.notice) body.push(noticeBlock(view.notice));
  body.push(...titleBlock(view.welcome ? 'Welkom bij Baken' : 'Wat wil je doen?', view.orgName));
  if (view.welcome) {
    body.push(
      textBlock(
        'Ik help je stap voor stap als je je zorgen maakt over een cliënt online, of als je zelf online wordt lastiggevallen.',
      ),
      textBlock('Noem nooit de naam van een cliënt. Gebruik als je wilt een korte code.', { isSubtle: true }),
    );
  }
  if (view.resume) {
    body.push(
      textBlock(`Je was bezig met **${view.resume.flowTitle}** (${view.resume.where}).`, {
        spacing: 'Medium',
      }),
      menuButton('Verder waar je was', { action: 'flow.resume' }, true),
    );
  }
  const ready = view.entries.filter((e) => e.flowId !== undefined || e.action !== undefined);
  const later = view.entries.filter((e) => e.flowId === undefined && e.action === undefined);
  for (const entry of ready) {
    body.push(textBlock(entry.description, { size: 'Small', isSubtle: true, spacing: 'Medium' }));
    body.push(menuButton(entry.title, entry.action ?? { action: 'flow.start', value: entry.flowId }));
  }
  if (later.length > 0) {
    body.push(
      textBlock(`Binnenkort: ${later.map((e) => e.title).join(', ')}.`, {
        size: 'Small',
        isSubtle: true,
        spacing: 'Medium',
      }),
    );
  }
  body.push(
    textBlock('Typ op elk moment **menu** om hier terug te komen, of **stop** om te stoppen.', {
      size: 'Small',
      isSubtle: true,
      spacing: 'Medium',
    }),
  );
  // Stop only when there is something to stop.
  if (view.resume) body.push(menuButton('Stop', { action: 'flow.stop' }));
  return adaptiveCard(body);
}
