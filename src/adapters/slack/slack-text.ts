// Text as Slack delivers it (messages, slash command text) back to what the user typed: Slack
// escapes &, <, > and wraps mentions and links in <…>.

/**
 * `<@U1|ada>` → `@ada`, `<https://x|x>` → `https://x`, `&lt;` → `<`. With `keepChannels`, channel
 * mentions stay `<#C1|general>`: the core reads the channel id from them (`/weekly set channel:#study`).
 */
export function fromSlackText(text: string, { keepChannels = false } = {}): string {
  return text
    .replace(/<([@#!])([^|>]+)(?:\|([^>]*))?>/g, (mention: string, sigil: string, id: string, label?: string) => {
      if (sigil === '#' && keepChannels) return mention;
      return `${sigil === '!' ? '@' : sigil}${label ?? id}`;
    })
    .replace(/<((?:https?|mailto):[^|>]+)(?:\|[^>]*)?>/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** Raw code (from the modal) as a fenced block, the form the core's memcheck reads. */
export function fenced(code: string): string {
  return `\`\`\`python\n${code.replace(/\n+$/, '')}\n\`\`\``;
}

/** The user's message with the bot's mention taken out. */
export function withoutMention(text: string, botUserId: string | undefined): string {
  return botUserId ? text.replace(new RegExp(`<@${botUserId}(\\|[^>]*)?>`, 'g'), '').trim() : text.trim();
}
