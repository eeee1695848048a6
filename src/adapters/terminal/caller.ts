// Who is asking in the terminal: the local user, in the terminal's one channel, as its admin.
import { userInfo } from 'node:os';
import type { Caller } from '../../core/messages.js';

export function terminalCaller(): Caller {
  const name = safeUserName();
  return { platform: 'terminal', userId: `terminal:${name}`, displayName: name, isAdmin: true, scopeId: 'terminal', channelId: 'terminal' };
}

function safeUserName(): string {
  try {
    return userInfo().username || 'you';
  } catch {
    return 'you';
  }
}
