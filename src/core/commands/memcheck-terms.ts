// The memory report's "What does this mean?" button: explains the terms that report used.
import { errorReply } from '../messages.js';
import { TERMS_ACTION, termsReplyFromAction } from '../memcheck/terms.js';
import { defineAction } from './definition.js';

export const memcheckTermsAction = defineAction({
  prefix: TERMS_ACTION,
  run: (args) => termsReplyFromAction(args) ?? errorReply('That button is from another version of the bot. Try `/memcheck help`.'),
});
