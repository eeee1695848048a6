// Messages between the renderer (main thread) and its worker.
import { z } from 'zod';
import type { Direction } from './dot.js';

export type WorkerJob = { id: number; candidates: { direction: Direction; dot: string }[] };

export const workerReplySchema = z.union([
  z.object({ ready: z.literal(true) }),
  z.object({
    id: z.number().int(),
    ok: z.literal(true),
    png: z.instanceof(Uint8Array),
    width: z.number().int().positive(),
    height: z.number().int().positive(),
    direction: z.enum(['LR', 'TB']),
    textPx: z.number().positive(),
  }),
  z.object({ id: z.number().int(), ok: z.literal(false), reason: z.string() }),
]);

export type WorkerReply = Exclude<z.infer<typeof workerReplySchema>, { ready: true }>;
