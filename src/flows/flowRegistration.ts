import type { FeatureRegistration, ActionHandler } from '../bot/featureRegistration';
import { FlowHandlers, type FlowHandlersDeps } from './flowHandlers';

/** The menu's and the flows' buttons. */
export const FLOW_VERBS = [
  'menu.open',
  'flow.start',
  'flow.resume',
  'flow.answer',
  'flow.next',
  'flow.back',
  'flow.skip',
  'flow.stop',
  'flow.escalate',
  'flow.resend',
  'flow.goto',
] as const;

/** The menu and the guidance flows: their buttons and commands (1:1 only), free text and the welcome. */
export function registerFlows(deps: FlowHandlersDeps): FeatureRegistration {
  const flows = new FlowHandlers(deps);
  const inFlow: ActionHandler = (context, action) => flows.continueFlow(context, action);
  const actions: Record<(typeof FLOW_VERBS)[number], ActionHandler> = {
    'menu.open': (context) => flows.menu(context),
    'flow.start': (context, action) => flows.startButton(context, action),
    'flow.resume': (context, action) => flows.resumeButton(context, action),
    'flow.stop': (context) => flows.stop(context),
    'flow.answer': inFlow,
    'flow.next': inFlow,
    'flow.back': inFlow,
    'flow.skip': inFlow,
    'flow.escalate': inFlow,
    'flow.resend': inFlow,
    'flow.goto': inFlow,
  };
  return {
    name: 'flows',
    personalOnly: true,
    actions,
    commands: {
      menu: (context) => flows.menu(context),
      stop: (context) => flows.stop(context),
      resume: (context) => flows.resume(context),
      startFlow: (context, command) =>
        command.kind === 'startFlow' ? flows.startFlow(context, command.flowId) : flows.menu(context),
      unknown: (context) => flows.unknownText(context),
    },
    attachments: (context) => flows.takeAttachments(context),
    welcome: (context) => flows.welcome(context),
  };
}
