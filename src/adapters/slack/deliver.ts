// The one way out to Slack: every reply, channel post, update and file upload of the adapter goes
// through a SlackDelivery. Slash commands and buttons answer through their response_url (works in
// any channel, can be ephemeral, can replace the clicked message); events, the App Home and the
// weekly quiz post with chat.postMessage / chat.update. Long program output is attached as a file.
import type { RespondArguments, RespondFn, webApi } from '@slack/bolt';
import { fileAttachments, pictureOf, type Attachment, type Reply } from '../../core/messages.js';
import type { Logger } from '../../logger.js';
import { attachmentBytes, attachmentText } from '../../core/limits.js';
import { renderReply, type SlackMessage, type UploadedPicture } from './render/blocks.js';

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

export class SlackDelivery {
  constructor(
    private readonly client: WebClient,
    private readonly logger: Logger,
  ) {}

  /** Answers through a response_url (Bolt's `respond`, or `respondTo` for a kept URL). */
  viaResponseUrl(respond: RespondFn, place: Place): ReplyTarget {
    return {
      send: async (reply) => {
        const messages = await this.render(reply);
        for (const [index, message] of messages.entries()) {
          const args: RespondArguments = {
            ...message,
            response_type: reply.ephemeral ? 'ephemeral' : 'in_channel',
            // Only the first part replaces the clicked message; further parts follow it.
            replace_original: index === 0 && Boolean(reply.update),
          };
          await respond(args);
        }
        await this.attach(place, reply);
      },
    };
  }

  /** Posts into a channel or thread; an ephemeral reply goes to the user alone. */
  inChannel(place: Place): ChannelTarget {
    const post = (message: SlackMessage, ephemeral: boolean) =>
      ephemeral
        ? this.client.chat.postEphemeral({ channel: place.channelId, user: place.userId, thread_ts: place.threadTs, ...message })
        : this.client.chat.postMessage({ channel: place.channelId, thread_ts: place.threadTs, ...message });
    return {
      send: async (reply) => {
        for (const message of await this.render(reply)) await post(message, Boolean(reply.ephemeral));
        await this.attach(place, reply);
      },
      placeholder: async (text) => {
        const posted = await this.client.chat.postMessage({ channel: place.channelId, thread_ts: place.threadTs, text });
        return {
          send: async (reply) => {
            const [first, ...rest] = await this.render(reply);
            await this.client.chat.update({ channel: place.channelId, ts: String(posted.ts), ...first! });
            for (const message of rest) await post(message, false);
            await this.attach(place, reply);
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
    const posted = await this.client.chat.postMessage({ channel: channelId, ...first! });
    const ts = String(posted.ts);
    // A reply too long for one message continues in the thread of its first part.
    for (const message of rest) await this.client.chat.postMessage({ channel: channelId, thread_ts: ts, ...message });
    return ts;
  }

  /** Replaces a message posted earlier with the first message of `reply`. */
  async update(channelId: string, ts: string, reply: Reply): Promise<void> {
    const [first] = await this.render(reply, 1);
    await this.client.chat.update({ channel: channelId, ts, ...first! });
  }

  /**
   * The reply as Slack messages, its picture (if any) uploaded first and shown in an image block.
   * The upload shares the file in no channel: the message's image block is where it appears.
   * Without the upload (it failed) the reply goes out without its picture.
   */
  private async render(reply: Reply, maxMessages?: number): Promise<SlackMessage[]> {
    return renderReply(reply, maxMessages, await this.uploadPicture(reply));
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

  /**
   * Uploads a reply's other attachments (files.uploadV2) next to it; ephemeral replies get theirs in a DM,
   * since a file in the channel would show everyone what the reply kept private.
   */
  private async attach(place: Place, reply: Reply): Promise<void> {
    const files = fileAttachments(reply);
    if (!files.length) return;
    try {
      const channelId = reply.ephemeral ? await this.directMessageChannel(place.userId) : place.channelId;
      const threadTs = reply.ephemeral ? undefined : place.threadTs;
      await this.client.files.uploadV2({
        channel_id: channelId,
        ...(threadTs ? { thread_ts: threadTs } : {}),
        file_uploads: files.map(fileUpload),
      });
    } catch (error) {
      this.logger.warn({ err: error, channel: place.channelId }, 'slack: could not upload the full text as a file');
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
