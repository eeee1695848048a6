// The message shortcut "Check memory": runs the code block of any message and answers in the
// channel through the shortcut's response_url.
import type { AllMiddlewareArgs, MessageShortcut, SlackShortcutMiddlewareArgs } from '@slack/bolt';
import { answerText, WORKING_NOTE, type SlackContext } from '../context.js';
import { chatCodeBlocks, fencesOnOwnLines } from '../../../core/markdown/fences.js';
import { fromSlackText } from '../slack-text.js';

export const CHECK_MEMORY_SHORTCUT = 'check_memory';

export async function checkMemory(ctx: SlackContext, { shortcut, ack, respond }: SlackShortcutMiddlewareArgs<MessageShortcut> & AllMiddlewareArgs): Promise<void> {
  await ack();
  const text = fencesOnOwnLines(fromSlackText(shortcut.message.text ?? ''));
  if (chatCodeBlocks(text).length === 0) {
    await respond({ response_type: 'ephemeral', text: 'That message has no code block. *Check memory* runs the ```code``` in a message.' });
    return;
  }
  await respond({ response_type: 'ephemeral', text: WORKING_NOTE });
  const who = { userId: shortcut.user.id, teamId: shortcut.team?.id ?? '', channelId: shortcut.channel.id, userName: shortcut.user.name };
  const target = ctx.delivery.viaResponseUrl(respond, { channelId: shortcut.channel.id, userId: shortcut.user.id }, { afterNote: true });
  await answerText(ctx, who, `/memcheck ${text}`, target);
}
