// Views: the memcheck modal and the App Home tab.
import type { types } from '@slack/bolt';
import type { Reply } from '../../../core/messages.js';
import { replyBlocks, type Block } from './blocks.js';
import { SLACK_LIMITS } from './limits.js';

export const MEMCHECK_MODAL_ID = 'memcheck_modal';
export const CODE_INPUT = { blockId: 'code', actionId: 'code' } as const;

/** Where the modal's report goes: the channel and response_url of the `/memcheck` that opened it. */
export interface ModalOrigin {
  channelId: string;
  responseUrl: string;
}

export function memcheckModal(origin: ModalOrigin): types.ModalView {
  return {
    type: 'modal',
    callback_id: MEMCHECK_MODAL_ID,
    title: { type: 'plain_text', text: 'Check memory' },
    submit: { type: 'plain_text', text: 'Run' },
    close: { type: 'plain_text', text: 'Cancel' },
    private_metadata: JSON.stringify(origin),
    blocks: [
      {
        type: 'input',
        block_id: CODE_INPUT.blockId,
        label: { type: 'plain_text', text: 'Python code' },
        hint: { type: 'plain_text', text: 'Runs in a sandbox (CPython 3.14 on WebAssembly); the report shows sizes, references and garbage collection.' },
        element: {
          type: 'plain_text_input',
          action_id: CODE_INPUT.actionId,
          multiline: true,
          max_length: SLACK_LIMITS.modalInput,
          placeholder: { type: 'plain_text', text: 'a = [1, 2, 3]\nb = a' },
        },
      },
    ],
  };
}

/** The App Home tab: the given replies (lessons, the user's stats, the schedule) one after another. */
export function homeView(sections: Reply[]): types.HomeView {
  const blocks: Block[] = [];
  for (const reply of sections) {
    if (blocks.length) blocks.push({ type: 'divider' });
    blocks.push(...replyBlocks({ ...reply, ephemeral: false }, SLACK_LIMITS.blocksPerView));
  }
  return { type: 'home', blocks: blocks.slice(0, SLACK_LIMITS.blocksPerView) };
}
