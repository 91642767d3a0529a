import { ESCALATION_TEXTS as T } from '../../src/escalation/escalationTexts';
import { executeAction } from '../actions';
import type { CardElement } from '../cardElements';
import { adaptiveCard, noticeBlock, plainText, textBlock, titleBlock, type AdaptiveCard } from '../cardShell';

/** Most members a managers card lists (a card must stay well under Teams' size limit). */
export const MANAGERS_CARD_MAX_MEMBERS = 40;

/** What the managers card shows: the team's members, and who is a manager. */
export interface TeamManagersView {
  teamId: string;
  teamName: string;
  members: Array<{ aadObjectId: string; name: string; isManager: boolean }>;
  notice?: string;
}

/** The team's members with a button each to make them a manager or to remove them as one. */
export function teamManagersCard(view: TeamManagersView): AdaptiveCard {
  const body: CardElement[] = [];
  if (view.notice) body.push(noticeBlock(view.notice, 'Good'));
  body.push(...titleBlock(T.managersTitle, view.teamName || undefined), textBlock(T.managersIntro));
  const sorted = [...view.members].sort(
    (a, b) => Number(b.isManager) - Number(a.isManager) || a.name.localeCompare(b.name, 'nl'),
  );
  for (const member of sorted.slice(0, MANAGERS_CARD_MAX_MEMBERS)) {
    body.push({ ...plainText(member.name, member.isManager ? { label: '✔' } : {}), spacing: 'Medium' });
    if (member.isManager)
      body.push(textBlock(T.managerYes, { size: 'Small', isSubtle: true, spacing: 'None' }));
    const action = member.isManager ? 'team.removeManager' : 'team.addManager';
    body.push({
      type: 'ActionSet',
      spacing: 'Small',
      actions: [
        executeAction(member.isManager ? T.managerRemove : T.managerAdd, {
          action,
          ref: view.teamId,
          value: member.aadObjectId,
        }),
      ],
    });
  }
  if (sorted.length > MANAGERS_CARD_MAX_MEMBERS) {
    body.push(textBlock(`En nog ${sorted.length - MANAGERS_CARD_MAX_MEMBERS} anderen.`, { isSubtle: true }));
  }
  return adaptiveCard(body);
}
