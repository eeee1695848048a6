// The terminal adapter: the readline chat over the core's router, and the terminal as a channel
// the core can post into. Unlike the servers it ends by itself, when the input ends or on /quit.
import type { Core } from '../../core/index.js';
import type { PlatformAdapter } from '../adapter.js';
import { runTerminalChat, type TerminalStreams } from './chat.js';
import { TerminalPoster } from './poster.js';

export function createTerminalAdapter(core: Core, { input = process.stdin, output = process.stdout }: TerminalStreams = {}): PlatformAdapter {
  const poster = new TerminalPoster(output);
  const stopping = new AbortController();
  let finished: Promise<void> | undefined;
  return {
    name: 'terminal',
    poster,
    get finished() {
      return finished;
    },
    async start() {
      finished = runTerminalChat({ router: core.router, poster, input, output, signal: stopping.signal });
    },
    async stop() {
      stopping.abort();
      await finished;
    },
  };
}
