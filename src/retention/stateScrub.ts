import { STATE_SLOTS } from '../edge/stateSlots';

/**
 * A conversation's state document without what mentions a purged record: the flow runs about it (the incident
 * is its flow run), a dialog stack holding it, and any other top-level value that still names it. Undefined when
 * nothing mentions it.
 */
export function scrubState(
  state: Record<string, unknown>,
  mentions: (text: string) => boolean,
): Record<string, unknown> | undefined {
  if (!mentions(JSON.stringify(state))) return undefined;
  const next: Record<string, unknown> = { ...state };
  const flowRuns = next[STATE_SLOTS.flowRuns];
  if (flowRuns && typeof flowRuns === 'object' && !Array.isArray(flowRuns)) {
    const { runs, lastFlowId, ...rest } = flowRuns as { runs?: unknown; lastFlowId?: unknown };
    const kept: Record<string, unknown> = {};
    if (runs && typeof runs === 'object') {
      for (const [flowId, run] of Object.entries(runs))
        if (!mentions(JSON.stringify(run))) kept[flowId] = run;
    }
    next[STATE_SLOTS.flowRuns] = {
      ...rest,
      runs: kept,
      ...(typeof lastFlowId === 'string' && lastFlowId in kept ? { lastFlowId } : {}),
    };
  }
  for (const [key, value] of Object.entries(next)) {
    if (mentions(JSON.stringify(value) ?? '')) delete next[key];
  }
  return next;
}
