// The one way out to Slack: every reply, channel post, update and file upload of the adapter goes
// through a SlackDelivery. Slash commands and buttons answer through their response_url (works in
// any channel, can be ephemeral, can replace the clicked message); events, the App Home and the
// weekly quiz post with chat.postMessage / chat.update. Long program output is attached as a file.
// The platform's rules live here: posts paced per channel, files only where the bot is a member
// (joining public channels, else the user's DM), expired response_urls answered in the DM, and a
// private reply never written over a public note.
import type { RespondArguments, RespondFn, webApi } from '@slack/bolt';
import { fileAttachments, pictureOf, type Attachment, type Reply } from '../../core/messages.js';
import { FULL_OUTPUT_ATTACHED } from '../../core/memcheck/reply.js';
import type { Logger } from '../../logger.js';
import { attachmentBytes, attachmentText } from '../../core/limits.js';
import { renderReply, type SlackMessage, type UploadedPicture } from './render/blocks.js';
import type { ChannelPacer } from './pacing.js';

type WebClient = webApi.WebClient;

export interface ReplyTarget {
  send(reply: Reply): Promise<void>;
}

export interface ChannelTarget extends ReplyTarget {
  /** Posts a "working on it" note now; the target it returns replaces it with the reply. */
  placeholder(text: string): Promise<ReplyTarget>;
}

export interface Place {
  channelId: string;
  userId: string;
  threadTs?: string;
}

/** The message a button was on, as the click reports it. */
export interface ClickedMessage {
  ts: string;
  ephemeral: boolean;
  /** The picture it shows: uploaded by the bot for that message alone. */
  pictureFileId?: string;
}

/** Where a reply's files ended up: next to it, in the user's DM, or nowhere. */
type Attached = 'here' | 'direct' | 'failed';

const ATTACHMENT_NOTES: Record<Attached, string> = {
  here: FULL_OUTPUT_ATTACHED,
  direct: 'the full output is in your direct messages with me',
  failed: 'the full output could not be attached here',
};

export class SlackDelivery {
  /** Channels the bot has joined (or found itself in) during this run. */
  private readonly memberOf = new Set<string>();

  constructor(
    private readonly client: WebClient,
    private readonly logger: Logger,
    private readonly pacer: ChannelPacer,
  ) {}

  /**
   * Answers through a response_url (Bolt's `respond`, or `respondTo` for a kept URL). Past its 30
   * minutes or 5 uses Slack refuses it: what is left of the reply then goes to the user's DM.
   * With `afterNote`, the request was acknowledged with a private "working" note (the URL's original
   * message): a private reply takes its place, and a public one has it deleted first, since Slack
   * cannot turn a private message public and the note would otherwise stay behind.
   */
  viaResponseUrl(respond: RespondFn, place: Place, { afterNote = false } = {}): ReplyTarget {
    return {
      send: async (reply) => {
        const ready = await this.withFiles(place, reply);
        const messages = await this.render(ready);
        if (afterNote && !reply.ephemeral) await this.deleteNote(respond, place);
        for (const [index, message] of messages.entries()) {
          const args: RespondArguments = {
            ...message,
            response_type: reply.ephemeral ? 'ephemeral' : 'in_channel',
            // Only the first part replaces the clicked message (or the note); further parts follow it.
            replace_original: index === 0 && (Boolean(reply.update) || (afterNote && Boolean(reply.ephemeral))),
          };
          try {
            await respond(args);
          } catch (error) {
            this.logger.warn({ err: error, channel: place.channelId }, 'slack: response_url refused; answering in the DM');
            const direct = await this.directMessageChannel(place.userId);
            for (const rest of messages.slice(index)) await this.postMessage(direct, rest);
            return;
          }
        }
      },
    };
  }

  /**
   * Answers a button click. An update replaces the clicked message in place: chat.update for a
   * message in the conversation, its response_url for an ephemeral one (chat.update cannot reach
   * those). The picture the old message showed is deleted then, as the bot uploaded it for that
   * message alone. A private update of a public message is sent as a new private message instead.
   */
  forClick(respond: RespondFn, place: Place, clicked: ClickedMessage): ReplyTarget {
    return {
      send: async (reply) => {
        if (!reply.update || (reply.ephemeral && !clicked.ephemeral)) return this.viaResponseUrl(respond, place).send({ ...reply, update: false });
        const [message] = await this.render(await this.withFiles(place, reply), 1);
        await this.replaceClicked(respond, place, clicked, message!);
        if (clicked.pictureFileId) await this.deleteFile(clicked.pictureFileId);
      },
    };
  }

  /** chat.update; the response_url for an ephemeral message, or one chat.update cannot reach (not the bot's). */
  private async replaceClicked(respond: RespondFn, place: Place, clicked: ClickedMessage, message: SlackMessage): Promise<void> {
    if (!clicked.ephemeral) {
      try {
        await this.client.chat.update({ channel: place.channelId, ts: clicked.ts, ...message });
        return;
      } catch (error) {
        this.logger.warn({ err: error, channel: place.channelId }, 'slack: could not update the clicked message; replacing it through its response_url');
      }
    }
    await respond({ ...message, response_type: clicked.ephemeral ? 'ephemeral' : 'in_channel', replace_original: true });
  }

  /** Posts into a channel or thread; an ephemeral reply goes to the user alone. */
  inChannel(place: Place): ChannelTarget {
    const post = (message: SlackMessage, ephemeral: boolean) =>
      ephemeral
        ? this.client.chat.postEphemeral({ channel: place.channelId, user: place.userId, thread_ts: place.threadTs, ...message })
        : this.postMessage(place.channelId, message, place.threadTs);
    const send = async (reply: Reply) => {
      for (const message of await this.render(await this.withFiles(place, reply))) await post(message, Boolean(reply.ephemeral));
    };
    return {
      send,
      placeholder: async (text) => {
        const noteTs = await this.postMessage(place.channelId, { text }, place.threadTs);
        return {
          send: async (reply) => {
            // The note was public: a private reply must not take its place, where everyone would see it.
            if (reply.ephemeral) {
              await this.client.chat.delete({ channel: place.channelId, ts: noteTs });
              return send(reply);
            }
            const [first, ...rest] = await this.render(await this.withFiles(place, reply));
            await this.client.chat.update({ channel: place.channelId, ts: noteTs, ...first! });
            for (const message of rest) await post(message, false);
          },
        };
      },
    };
  }

  /** The user's DM with the bot (App Home clicks): private already, and there is no message to replace. */
  inDirectMessage(userId: string): ReplyTarget {
    const target = this.inChannel({ channelId: userId, userId });
    return { send: (reply) => target.send({ ...reply, ephemeral: false, update: false }) };
  }

  /** Posts a reply into a channel on the bot's own initiative; returns the first message's ts. */
  async post(channelId: string, reply: Reply): Promise<string> {
    const [first, ...rest] = await this.render(reply);
    const ts = await this.postMessage(channelId, first!);
    // A reply too long for one message continues in the thread of its first part.
    for (const message of rest) await this.postMessage(channelId, message, ts);
    return ts;
  }

  /** Posts a reply in the user's DM with the bot. */
  async tellUser(userId: string, reply: Reply): Promise<void> {
    await this.post(await this.directMessageChannel(userId), reply);
  }

  /** Replaces a message posted earlier with the first message of `reply`. */
  async update(channelId: string, ts: string, reply: Reply): Promise<void> {
    const [first] = await this.render(reply, 1);
    await this.client.chat.update({ channel: channelId, ts, ...first! });
  }

  /**
   * Whether rounds can be posted in a channel, asked before a schedule is saved: public channels are
   * joined (so files work there too); elsewhere a private note to the admin in that channel proves
   * the bot is a member. Undefined when it can post, else what the admin should do.
   */
  async channelProblem(channelId: string, adminUserId: string): Promise<string | undefined> {
    if (await this.canShareIn(channelId)) return undefined;
    try {
      await this.client.chat.postEphemeral({ channel: channelId, user: adminUserId, text: 'memtutor will post the weekly quiz here.' });
      return undefined;
    } catch (error) {
      const code = (error as { data?: { error?: string } }).data?.error;
      // The admin not being in the channel says nothing about the bot.
      if (code === 'user_not_in_channel') return undefined;
      return `memtutor is not a member of <#${channelId}>, so it cannot post there. Invite it (type \`/invite @memtutor\` in that channel), then run /weekly again.`;
    }
  }

  /** chat.postMessage in the channel's turn (about one a second per channel). */
  private async postMessage(channelId: string, message: Pick<SlackMessage, 'text'> & Partial<SlackMessage>, threadTs?: string): Promise<string> {
    await this.pacer.turn(channelId);
    const posted = await this.client.chat.postMessage({ channel: channelId, ...(threadTs ? { thread_ts: threadTs } : {}), ...message });
    return String(posted.ts);
  }

  /**
   * The reply as Slack messages, its picture (if any) uploaded first and shown in an image block.
   * The upload shares the file in no channel: the message's image block is where it appears.
   * Without the upload (it failed) the reply goes out without its picture.
   */
  private async render(reply: Reply, maxMessages?: number): Promise<SlackMessage[]> {
    return renderReply(reply, maxMessages, await this.uploadPicture(reply));
  }

  /** Deletes a file the bot uploaded; a failure leaves it in the workspace, shared nowhere. */
  private async deleteFile(fileId: string): Promise<void> {
    try {
      await this.client.files.delete({ file: fileId });
    } catch (error) {
      this.logger.warn({ err: error, file: fileId }, 'slack: could not delete a replaced picture');
    }
  }

  /** Deletes the private "working" note a request was acknowledged with (its response_url's original). */
  private async deleteNote(respond: RespondFn, place: Place): Promise<void> {
    try {
      await respond({ delete_original: true });
    } catch (error) {
      this.logger.warn({ err: error, channel: place.channelId }, 'slack: could not delete the working note');
    }
  }

  private async uploadPicture(reply: Reply): Promise<UploadedPicture | undefined> {
    const picture = pictureOf(reply);
    if (!picture) return undefined;
    try {
      const uploaded = await this.client.files.uploadV2({ ...fileUpload(picture), alt_text: picture.alt });
      const fileId = (uploaded as { files?: Array<{ files?: Array<{ id?: string }> }> }).files?.[0]?.files?.[0]?.id;
      if (!fileId) throw new Error('files.uploadV2 returned no file id');
      return { fileId, alt: picture.alt };
    } catch (error) {
      this.logger.warn({ err: error }, 'slack: could not upload the picture');
      return undefined;
    }
  }

  /** Uploads the reply's files first, so its text can say truthfully where they are. */
  private async withFiles(place: Place, reply: Reply): Promise<Reply> {
    const files = fileAttachments(reply);
    if (!files.length) return reply;
    const attached = await this.attach(place, files, Boolean(reply.ephemeral));
    if (attached === 'here' || !reply.body) return reply;
    return { ...reply, body: reply.body.replace(FULL_OUTPUT_ATTACHED, ATTACHMENT_NOTES[attached]) };
  }

  /**
   * Uploads files (files.uploadV2) next to the reply. Slack shares a file only into a conversation
   * the bot is in: public channels are joined first (channels:join); where that fails (a private
   * channel), and for ephemeral replies (a file in the channel would show everyone what the reply
   * kept private), the files go to the user's DM.
   */
  private async attach(place: Place, files: Attachment[], ephemeral: boolean): Promise<Attached> {
    const upload = (channelId: string, threadTs?: string) =>
      this.client.files.uploadV2({ channel_id: channelId, ...(threadTs ? { thread_ts: threadTs } : {}), file_uploads: files.map(fileUpload) });
    if (!ephemeral && (await this.canShareIn(place.channelId))) {
      try {
        await upload(place.channelId, place.threadTs);
        return 'here';
      } catch (error) {
        this.memberOf.delete(place.channelId);
        this.logger.warn({ err: error, channel: place.channelId }, 'slack: could not upload into the channel; trying the DM');
      }
    }
    try {
      const direct = await this.directMessageChannel(place.userId);
      await upload(direct);
      return direct === place.channelId ? 'here' : 'direct';
    } catch (error) {
      this.logger.warn({ err: error, user: place.userId }, 'slack: could not upload the full text as a file');
      return 'failed';
    }
  }

  /** Whether files can be shared into the conversation: a DM, or a channel the bot is in or could join. */
  private async canShareIn(channelId: string): Promise<boolean> {
    if (channelId.startsWith('D') || this.memberOf.has(channelId)) return true;
    // A user id (the App Home's DM) is not a conversation: uploads need the DM's own id.
    if (channelId.startsWith('U') || channelId.startsWith('W')) return false;
    try {
      await this.client.conversations.join({ channel: channelId });
      this.memberOf.add(channelId);
      return true;
    } catch (error) {
      this.logger.info({ err: error, channel: channelId }, 'slack: cannot join the channel to share a file');
      return false;
    }
  }

  private async directMessageChannel(userId: string): Promise<string> {
    const opened = await this.client.conversations.open({ users: userId });
    if (!opened.channel?.id) throw new Error('conversations.open returned no channel');
    return opened.channel.id;
  }
}

/** A response_url kept from an earlier request (e.g. in a modal's private_metadata). */
export function respondTo(responseUrl: string): RespondFn {
  return async (message) => {
    const response = await fetch(responseUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(typeof message === 'string' ? { text: message } : message),
    });
    if (!response.ok) throw new Error(`response_url answered ${response.status}`);
    return response;
  };
}

/** Text goes up as a snippet's content, bytes as a file. */
function fileUpload(attachment: Attachment) {
  const body = typeof attachment.data === 'string' ? { content: attachmentText(attachment) } : { file: Buffer.from(attachmentBytes(attachment)) };
  return { ...body, filename: attachment.filename, title: attachment.filename };
}
