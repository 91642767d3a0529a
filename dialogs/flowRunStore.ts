import type { StateSlot, Turn } from '../src/edge/turn';
import { z } from 'zod';
import { flowIdSchema, type FlowId } from '../src/flows/flowSchema';
import { flowRunSchema, type FlowRun } from '../src/flows/flowRun';

/** The flow runs of one conversation: the latest run per flow, and which one was used last. */
export const flowRunsSchema = z.object({
  runs: z.partialRecord(flowIdSchema, flowRunSchema).default({}),
  lastFlowId: flowIdSchema.optional(),
  /** The question card ("runId:index") shown last, when nothing else was shown since: typed answers go there. */
  typedFor: z.string().max(100).optional(),
});
/** Stored flow runs. */
export type FlowRuns = z.infer<typeof flowRunsSchema>;

/**
 * Keeps flow runs in the conversation's state document, so a run survives a restart and can be resumed
 * after "stop". The state is one blob: an ordinary turn costs one read and one write.
 */
export class FlowRunStore {
  constructor(private readonly accessor: StateSlot<unknown>) {}

  /** All runs of this conversation (a corrupt value is dropped rather than crashing the turn). */
  async all(context: Turn): Promise<FlowRuns> {
    const raw = await this.accessor.get(context, { runs: {} });
    const parsed = flowRunsSchema.safeParse(raw);
    if (parsed.success) return parsed.data;
    // Keep every run that still parses; drop only the broken ones.
    const fresh: FlowRuns = { runs: {} };
    const runs = (raw as { runs?: unknown } | undefined)?.runs;
    if (runs && typeof runs === 'object') {
      for (const [flowId, candidate] of Object.entries(runs)) {
        const id = flowIdSchema.safeParse(flowId);
        const run = flowRunSchema.safeParse(candidate);
        if (id.success && run.success && run.data.flowId === id.data) fresh.runs[id.data] = run.data;
      }
    }
    await this.accessor.set(context, fresh);
    return fresh;
  }

  /** The run of one flow, if any. */
  async get(context: Turn, flowId: FlowId): Promise<FlowRun | undefined> {
    return (await this.all(context)).runs[flowId];
  }

  /** Saves a run (in the turn's state; botbuilder writes it at the end of the turn). */
  async save(context: Turn, run: FlowRun): Promise<void> {
    const all = await this.all(context);
    all.runs[run.flowId] = run;
    all.lastFlowId = run.flowId;
    await this.accessor.set(context, all);
  }

  /** Remembers the question card just shown (typed answers may answer it), or that another card came after it. */
  async expectTyped(context: Turn, key: string | undefined): Promise<void> {
    const all = await this.all(context);
    if (all.typedFor === key) return;
    all.typedFor = key;
    await this.accessor.set(context, all);
  }

  /** The question card a typed answer may answer, if it is still the last card shown. */
  async typedFor(context: Turn): Promise<string | undefined> {
    return (await this.all(context)).typedFor;
  }

  /** Drops the run of one flow (a stopped read-only flow keeps nothing). */
  async forget(context: Turn, flowId: FlowId): Promise<void> {
    const all = await this.all(context);
    delete all.runs[flowId];
    await this.accessor.set(context, all);
  }

  /** The most recent unfinished run, for "Verder waar je was". */
  async resumable(context: Turn): Promise<FlowRun | undefined> {
    const all = await this.all(context);
    const open = Object.values(all.runs).filter((r): r is FlowRun => r !== undefined && !r.finishedAt);
    return open.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))[0];
  }
}
