// One-shot commands print replies written for the chat; their hints name chat commands
// (`/lesson 3 2`). Here they become the command lines that work in a shell
// (`memtutor lesson 3 --page 2`), and a lesson page's buttons become the commands for those pages.
import { LESSON_ACTION } from '../core/lessons/replies.js';
import { splitActionId, type Reply } from '../core/messages.js';

const CHAT_COMMAND = /`\/(lesson|quiz)((?:\s[^`]*)?)`/g;

/** `/lesson 3 2` → `memtutor lesson 3 --page 2`; `/quiz stats` → `memtutor quiz --stats`. */
export function cliCommand(name: string, args: string): string {
  const words = args.trim().split(/\s+/).filter(Boolean);
  if (name === 'quiz') return words[0] === 'stats' ? 'memtutor quiz --stats' : 'memtutor quiz';
  const page = words.length > 1 && /^\d+$/.test(words.at(-1)!) ? ` --page ${words.pop()}` : '';
  return ['memtutor lesson', ...words].join(' ') + page;
}

function inCliSyntax(text: string): string {
  return text.replace(CHAT_COMMAND, (_match, name: string, args: string) => `\`${cliCommand(name, args)}\``);
}

/**
 * The reply with chat commands in its text rewritten and, on a lesson page (a reply with a page
 * marker in its footer), the paging buttons listed as commands.
 */
export function withCliSyntax(reply: Reply): Reply {
  const buttons = reply.footer ? (reply.buttons ?? []) : [];
  const pages = buttons.filter((b) => !b.disabled && splitActionId(b.action).prefix === LESSON_ACTION);
  const commands = pages.map((b) => {
    const [lesson, page] = splitActionId(b.action).args;
    return `${b.label}: \`${cliCommand('lesson', page === '1' ? `${lesson}` : `${lesson} ${page}`)}\``;
  });
  return {
    ...reply,
    body: inCliSyntax(reply.body) + (commands.length ? `\n\n${commands.join('\n')}` : ''),
    fields: reply.fields?.map((f) => ({ ...f, value: inCliSyntax(f.value) })),
    footer: reply.footer && inCliSyntax(reply.footer),
  };
}
