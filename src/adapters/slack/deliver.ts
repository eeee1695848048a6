// Where a reply goes. Slash commands and buttons answer through their response_url (works in any
// channel, can be ephemeral, can replace the clicked message); events and the weekly quiz post
// with chat.postMessage / chat.update. Long program output is attached as a file snippet.
import type { RespondArguments, RespondFn, webApi } from '@slack/bolt';
import { fileAttachments, pictureOf, type Attachment, type Reply } from '../../core/messages.js';
import type { Logger } from '../../logger.js';
import { attachmentBytes, attachmentText } from '../../core/limits.js';
import { renderReply, type SlackMessage, type UploadedPicture } from './render/blocks.js';

type WebClient = webApi.WebClient;

export interface ReplyTarget {
  send(reply: Reply): Promise<void>;
}

export interface Place {
  channelId: string;
  userId: string;
  threadTs?: string;
}

/** Answers through a response_url (Bolt's `respond`). */
export function responseTarget(respond: RespondFn, client: WebClient, place: Place, logger: Logger): ReplyTarget {
  return {
    async send(reply) {
      const messages = await renderWithPicture(client, reply, logger);
      for (const [index, message] of messages.entries()) {
        const args: RespondArguments = {
          ...message,
          response_type: reply.ephemeral ? 'ephemeral' : 'in_channel',
          // Only the first part replaces the clicked message; further parts follow it.
          replace_original: index === 0 && Boolean(reply.update),
        };
        await respond(args);
      }
      await attach(client, place, reply, logger);
    },
  };
}

/** Posts into a channel or thread; an ephemeral reply goes to the user alone. */
export function channelTarget(client: WebClient, place: Place, logger: Logger): ReplyTarget & { placeholder(text: string): Promise<ReplyTarget> } {
  const post = (message: SlackMessage, ephemeral: boolean) =>
    ephemeral
      ? client.chat.postEphemeral({ channel: place.channelId, user: place.userId, thread_ts: place.threadTs, ...message })
      : client.chat.postMessage({ channel: place.channelId, thread_ts: place.threadTs, ...message });
  return {
    async send(reply) {
      for (const message of await renderWithPicture(client, reply, logger)) await post(message, Boolean(reply.ephemeral));
      await attach(client, place, reply, logger);
    },
    /** Posts a "working on it" note now; the target it returns replaces it with the reply. */
    async placeholder(text) {
      const posted = await client.chat.postMessage({ channel: place.channelId, thread_ts: place.threadTs, text });
      return {
        async send(reply) {
          const [first, ...rest] = await renderWithPicture(client, reply, logger);
          await client.chat.update({ channel: place.channelId, ts: String(posted.ts), ...first! });
          for (const message of rest) await post(message, false);
          await attach(client, place, reply, logger);
        },
      };
    },
  };
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

/**
 * The reply as Slack messages, its picture (if any) uploaded first and shown in an image block.
 * The upload shares the file in no channel: the message's image block is where it appears.
 * Without the upload (it failed) the reply goes out without its picture.
 */
export async function renderWithPicture(client: WebClient, reply: Reply, logger: Logger, maxMessages?: number): Promise<SlackMessage[]> {
  return renderReply(reply, maxMessages, await uploadPicture(client, reply, logger));
}

async function uploadPicture(client: WebClient, reply: Reply, logger: Logger): Promise<UploadedPicture | undefined> {
  const picture = pictureOf(reply);
  if (!picture) return undefined;
  try {
    const uploaded = await client.files.uploadV2({ ...fileUpload(picture), alt_text: picture.alt });
    const fileId = (uploaded as { files?: Array<{ files?: Array<{ id?: string }> }> }).files?.[0]?.files?.[0]?.id;
    if (!fileId) throw new Error('files.uploadV2 returned no file id');
    return { fileId, alt: picture.alt };
  } catch (error) {
    logger.warn({ err: error }, 'slack: could not upload the picture');
    return undefined;
  }
}

/** Text goes up as a snippet's content, bytes as a file. */
function fileUpload(attachment: Attachment) {
  const body = typeof attachment.data === 'string' ? { content: attachmentText(attachment) } : { file: Buffer.from(attachmentBytes(attachment)) };
  return { ...body, filename: attachment.filename, title: attachment.filename };
}

/**
 * Uploads a reply's other attachments (files.uploadV2) next to it; ephemeral replies get theirs in a DM,
 * since a file in the channel would show everyone what the reply kept private.
 */
async function attach(client: WebClient, place: Place, reply: Reply, logger: Logger): Promise<void> {
  const files = fileAttachments(reply);
  if (!files.length) return;
  try {
    const channelId = reply.ephemeral ? await directMessageChannel(client, place.userId) : place.channelId;
    const threadTs = reply.ephemeral ? undefined : place.threadTs;
    await client.files.uploadV2({
      channel_id: channelId,
      ...(threadTs ? { thread_ts: threadTs } : {}),
      file_uploads: files.map(fileUpload),
    });
  } catch (error) {
    logger.warn({ err: error, channel: place.channelId }, 'slack: could not upload the full text as a file');
  }
}

async function directMessageChannel(client: WebClient, userId: string): Promise<string> {
  const opened = await client.conversations.open({ users: userId });
  if (!opened.channel?.id) throw new Error('conversations.open returned no channel');
  return opened.channel.id;
}
