// Messages between the renderer (in the bot) and its render process.
import { z } from 'zod';
import type { Direction } from './dot.js';

export type RenderJob = { id: number; candidates: { direction: Direction; dot: string }[] };

export const renderReplySchema = z.union([
  z.object({ ready: z.literal(true) }),
  z.object({
    id: z.number().int(),
    ok: z.literal(true),
    png: z.instanceof(Uint8Array),
    width: z.number().int().positive(),
    height: z.number().int().positive(),
    direction: z.enum(['LR', 'TB']),
    textPx: z.number().positive(),
    /** Layout and rasterising inside the render process, without queueing or IPC. */
    drawMs: z.number().nonnegative(),
  }),
  z.object({ id: z.number().int(), ok: z.literal(false), reason: z.string() }),
]);

export type RenderReply = Exclude<z.infer<typeof renderReplySchema>, { ready: true }>;
