import { flowSchema, type Flow, type FlowId } from './flowSchema';
import { gesprekstipsFlow } from './gesprekstips';
import { grensoverschrijdendFlow } from './grensoverschrijdend';
import { groomingFlow } from './grooming';
import { uitbuitingFlow } from './uitbuiting';
import { verliefdFlow } from './verliefd';
import { voorkomenFlow } from './voorkomen';

/** Every guidance flow by id, validated at module load (a broken flow fails fast, at start-up and in tests). */
export const FLOWS: Record<FlowId, Flow> = {
  grooming: flowSchema.parse(groomingFlow),
  verliefd: flowSchema.parse(verliefdFlow),
  uitbuiting: flowSchema.parse(uitbuitingFlow),
  gesprekstips: flowSchema.parse(gesprekstipsFlow),
  voorkomen: flowSchema.parse(voorkomenFlow),
  grensoverschrijdend: flowSchema.parse(grensoverschrijdendFlow),
};

/** The flows in menu order. */
export const FLOW_ORDER: readonly FlowId[] = [
  'grooming',
  'verliefd',
  'uitbuiting',
  'gesprekstips',
  'grensoverschrijdend',
  'voorkomen',
];

/** The flow with this id (parse untrusted ids with flowIdSchema first). */
export function getFlow(id: FlowId): Flow {
  return FLOWS[id];
}
