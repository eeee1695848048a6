// The memory report's picture, as the core sees it: an interface the composition root fills with
// the renderer (src/picture, a forked process the core must not know about) and the one function
// that puts what it drew into a report reply.
import type { Attachment, Reply } from '../messages.js';
import type { MemoryReport } from './report.js';

export type ReportGraph = NonNullable<MemoryReport['graph']>;

export type DrawnPicture =
  | { ok: true; png: Uint8Array; alt: string; caption: string[]; sketch: string }
  /** `nothing` when the graph has no object worth a box: the report goes without a picture, silently. */
  | { ok: false; nothing: boolean; reason: string };

export interface PictureMaker {
  /** Never rejects: a failure (time bound, malformed graph, renderer closed) comes back as `ok: false`. */
  draw(graph: ReportGraph): Promise<DrawnPicture>;
}

export const PICTURE_FILENAME = 'memory.png';

/** The report reply with its picture (an image attachment named by `reply.picture`), or a note why not. */
export async function withPicture(reply: Reply, report: MemoryReport, maker: PictureMaker | undefined): Promise<Reply> {
  if (!maker || !report.graph) return reply;
  const drawn = await maker.draw(report.graph);
  if (!drawn.ok) {
    return drawn.nothing ? reply : { ...reply, body: `${reply.body}\n\n_No picture this time (${drawn.reason}); the report above is complete._` };
  }
  const picture: Attachment = { kind: 'image', filename: PICTURE_FILENAME, data: drawn.png, alt: drawn.alt, sketch: drawn.sketch };
  return { ...reply, attachments: [picture, ...(reply.attachments ?? [])], picture: PICTURE_FILENAME };
}
