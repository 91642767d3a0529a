import { systemClock } from '../src/clock';
import { openStorage } from '../src/storage/storage';
import { TeamStore } from '../src/teams/teamStore';
import { FLOW_TEXTS } from '../dialogs/flowTexts';
import { buttonOf, cardText } from '../test/support/cardWalk';
import { MELDINGEN_ID, TENANT, cardInvoke, channelMention, teamInstall, user } from '../test/support/teams';
import type { BotTarget } from './botTarget';
import type { BenchConnector, Posted } from './connector';
import { converse, GROOMING_CHECK } from './drivers';
import { quantile, round } from './stats';

/** Escalation latency (final submit → notice at the connector), or why it was not measured. */
export type EscalationResult =
  | {
      status: 'measured';
      concurrency: number;
      teams: number;
      rounds: number;
      samples: number;
      p50: number;
      p95: number;
      max: number;
      /** The submit turn alone (press → its invoke response), which the notice latency includes. */
      submitP50: number;
      submitP95: number;
      failures: number;
    }
  | { status: 'not built yet' | 'no notice'; detail: string };

/** The escalation button of the grooming summary. */
const SUBMIT = 'Meld bij het team';
const ADMIN = user('bench-admin', 'Bench Beheer');

/** Team `i`: its id, escalation channel and manager. Its staff have keys `…-t<i>-…` (see the connector's roster). */
export function benchTeam(i: number) {
  return {
    teamId: `19:bench-team-${i}@thread.tacv2`,
    channelId: `19:bench-meldingen-${i}@thread.tacv2`,
    manager: user(`bench-manager-t${i}-0`, `Leidinggevende ${i}`),
  };
}

/** The same activity as Teams sends it in a channel of team `i` (the test helpers know one team only). */
function inTeam(activity: Record<string, unknown>, i: number, channelId: string) {
  const team = benchTeam(i);
  return {
    ...activity,
    conversation: { ...(activity.conversation as object), id: channelId },
    channelData: {
      team: { id: team.teamId, name: `Team ${i}` },
      channel: { id: channelId },
      tenant: { id: TENANT },
    },
  };
}

/**
 * Sets Baken up as `teams` teams would before anyone can escalate: installed in each team, a manager appointed,
 * the escalation channel chosen ("@Baken meldkanaal"). Each team has its own staff, so notices
 * spread over channels as in an organisation, instead of one channel taking every notice (Teams allows a thread
 * 60 sends per 30 s, and Baken keeps to that).
 */
export async function prepareTeams(
  target: BotTarget,
  connector: BenchConnector,
  connectionString: string,
  teams: number,
) {
  const store = new TeamStore(openStorage({ connectionString, prefix: 'benchbaken' }).teams, systemClock);
  for (let i = 0; i < teams; i++) {
    const { teamId, channelId, manager } = benchTeam(i);
    const install = await target.post(inTeam(teamInstall(connector.url, manager), i, teamId));
    if (install.status !== 200) throw new Error(`team install answered ${install.status}`);
    await store.addManager(teamId, { aadObjectId: manager.aadObjectId, name: manager.name }, ADMIN);
    const confirmed = connector.next(channelId);
    const mention = channelMention(connector.url, manager, 'meldkanaal', MELDINGEN_ID);
    const answer = await target.post(inTeam(mention, i, channelId));
    if (answer.status !== 200) throw new Error(`"meldkanaal" answered ${answer.status}`);
    await confirmed;
  }
}

/**
 * `concurrency` staff (spread over `teams` teams), each in their own 1:1 conversation, walk the grooming check
 * (worried: yes) and press "Meld bij het team", `rounds` times each, closed loop. The latency runs from that
 * press to the notice (a new thread in their team's escalation channel naming the reporter) arriving at the
 * connector.
 */
export async function measureEscalation(
  target: BotTarget,
  connector: BenchConnector,
  concurrency: number,
  teams: number,
  rounds = 3,
): Promise<EscalationResult> {
  const waiting = new Map<string, (posted: Posted) => void>();
  connector.onPost = (posted) => {
    if (!posted.created || !posted.conversationId.includes('bench-meldingen')) return;
    const text = JSON.stringify(posted.activity);
    for (const [name, resolve] of waiting) {
      if (text.includes(name)) {
        waiting.delete(name);
        resolve(posted);
      }
    }
  };
  const latencies: number[] = [];
  const submits: number[] = [];
  let failures = 0;
  let seq = 0;
  try {
    const worker = async (team: number) => {
      for (let r = 0; r < rounds; r++) {
        const name = `Melder ${++seq} ${Date.now()}`;
        const u = user(`bench-esc-t${team}-${seq}`, name);
        const summary = await converse(target, connector, u, GROOMING_CHECK);
        const notice = new Promise<Posted | undefined>((resolve) => {
          waiting.set(name, resolve);
          setTimeout(() => resolve(undefined), 10_000);
        });
        const sentAt = performance.now();
        const answer = await target.post(cardInvoke(connector.url, u, buttonOf(summary, SUBMIT)));
        if (answer.body.includes(FLOW_TEXTS.escalationUnavailable)) throw new Unavailable();
        submits.push(answer.at - sentAt);
        const arrived = await notice;
        waiting.delete(name);
        if (arrived) latencies.push(arrived.at - sentAt);
        else failures++;
      }
    };
    await Promise.all(Array.from({ length: concurrency }, (_, i) => worker(i % teams)));
  } catch (err) {
    if (err instanceof Unavailable) {
      return { status: 'not built yet', detail: `Baken answers "${FLOW_TEXTS.escalationUnavailable}"` };
    }
    throw err;
  } finally {
    connector.onPost = () => undefined;
  }
  if (latencies.length === 0) {
    return { status: 'no notice', detail: `no notice in the escalation channel within 10 s of "${SUBMIT}"` };
  }
  latencies.sort((a, b) => a - b);
  submits.sort((a, b) => a - b);
  return {
    status: 'measured',
    concurrency,
    teams,
    rounds,
    samples: latencies.length,
    submitP50: round(quantile(submits, 0.5), 1),
    submitP95: round(quantile(submits, 0.95), 1),
    p50: round(quantile(latencies, 0.5), 1),
    p95: round(quantile(latencies, 0.95), 1),
    max: round(latencies[latencies.length - 1] ?? NaN, 1),
    failures,
  };
}

class Unavailable extends Error {}

/** One conversation through the whole check, checking that it ends on the summary with the escalation offer. */
export async function checkWalk(target: BotTarget, connector: BenchConnector): Promise<void> {
  const u = user(`bench-check-${Date.now()}`, 'Medewerker');
  const last = await converse(target, connector, u, GROOMING_CHECK);
  if (!cardText(last).includes('Wederzijdse toestemming') || !cardText(last).includes(SUBMIT)) {
    throw new Error(`the walk did not end on the summary: ${cardText(last).slice(0, 300)}`);
  }
}
