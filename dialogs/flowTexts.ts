/** The flow runner's Dutch texts, kept with the flows; re-exported here for the bot and the bench. */
export { FLOW_TEXTS } from '../src/flows/flowTexts';
