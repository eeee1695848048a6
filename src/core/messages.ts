// The platform-neutral message model. Adapters turn platform events into Caller + command/action,
// and render Replies within their platform's limits. Nothing here knows about Discord, Slack or a TTY.

export type Platform = 'terminal' | 'discord' | 'slack';

/** Who is asking, and where. `scopeId` is the guild, workspace, or `terminal`. */
export interface Caller {
  platform: Platform;
  userId: string;
  displayName: string;
  isAdmin: boolean;
  scopeId: string;
  channelId: string;
}

export type Tone = 'neutral' | 'info' | 'success' | 'warning' | 'error';

export interface Button {
  /** Plain text: platforms show button labels without Markdown. */
  label: string;
  /** Compact, restart-proof action id such as `lesson:3:2` (≤ 100 characters). */
  action: string;
  style?: 'primary' | 'secondary' | 'success' | 'danger';
  disabled?: boolean;
}

export interface Field {
  name: string;
  value: string;
  inline?: boolean;
}

/** A file that travels with a reply: a full text, or an image (PNG bytes). Each platform decides how to show it. */
export interface Attachment {
  kind: 'text' | 'image';
  filename: string;
  /** Text as a string; an image's bytes. */
  data: Uint8Array | string;
  /** What it holds in words: an image's alt text, shown where images are not. */
  alt: string;
  /** An image as a compact text drawing, for screens that show text only (the terminal). */
  sketch?: string;
}

export function textAttachment(filename: string, text: string, alt: string): Attachment {
  return { kind: 'text', filename, data: text, alt };
}

/** The attachment a reply names as its picture, when it is an image. */
export function pictureOf(reply: Reply): Attachment | undefined {
  return reply.picture === undefined ? undefined : reply.attachments?.find((a) => a.kind === 'image' && a.filename === reply.picture);
}

/** The attachments shown as files (the picture is shown in the message itself). */
export function fileAttachments(reply: Reply): Attachment[] {
  const picture = pictureOf(reply);
  return (reply.attachments ?? []).filter((a) => a !== picture);
}

export interface Reply {
  title?: string;
  /** Markdown: paragraphs, lists, **bold**, `code`, and fenced code blocks. */
  body: string;
  fields?: Field[];
  buttons?: Button[];
  /** A short context line, e.g. the page marker "Lesson 3 · Reference Counting · page 1/3". */
  footer?: string;
  tone?: Tone;
  /** Shown only to the caller where the platform can (Discord ephemeral, Slack ephemeral). */
  ephemeral?: boolean;
  /** For action replies: replace the message the button was on instead of sending a new one. */
  update?: boolean;
  /** Full texts too long for the message itself (e.g. complete program output), and images. */
  attachments?: Attachment[];
  /** The filename of one image attachment to show as the reply's picture. */
  picture?: string;
}

export const MAX_ACTION_ID_LENGTH = 100;

/** Parses an action id `prefix:arg1:arg2`. */
export function splitActionId(action: string): { prefix: string; args: string[] } {
  const [prefix = '', ...args] = action.split(':');
  return { prefix, args };
}

export function actionId(prefix: string, ...args: Array<string | number>): string {
  const id = [prefix, ...args].join(':');
  if (id.length > MAX_ACTION_ID_LENGTH) throw new Error(`action id too long: ${id.length} characters`);
  return id;
}

export function errorReply(body: string, title?: string): Reply {
  return { title, body, tone: 'error', ephemeral: true };
}
