import { ESCALATION_TEXTS as T } from '../../src/escalation/escalationTexts';
import { executeAction } from '../actions';
import type { CardElement } from '../cardElements';
import { adaptiveCard, noticeBlock, textBlock, titleBlock, type AdaptiveCard } from '../cardShell';

/** "Voor welk team?": one button per team the user belongs to. */
export function teamChoiceCard(view: {
  teams: Array<{ teamId: string; name: string }>;
  notice?: string;
}): AdaptiveCard {
  const body: CardElement[] = [];
  if (view.notice) body.push(noticeBlock(view.notice, 'Good'));
  body.push(...titleBlock(T.chooseTeamTitle), textBlock(T.chooseTeamBody));
  for (const team of view.teams) {
    body.push({
      type: 'ActionSet',
      actions: [
        executeAction(team.name || 'Team zonder naam', { action: 'team.choose', value: team.teamId }),
      ],
    });
  }
  return adaptiveCard(body);
}
