// A small, valid PNG made in the test (no fixture file): a 16×16 RGB picture of four coloured
// quarters, so a renderer that mangles bytes or drops the image is caught.
import { crc32, deflateSync } from 'node:zlib';
import type { Attachment } from '../../src/core/messages.js';

const SIZE = 16;
const QUARTERS = [
  [0x3b, 0x82, 0xf6],
  [0xef, 0x44, 0x44],
  [0x22, 0xc5, 0x5e],
  [0xfa, 0xcc, 0x15],
];

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

/** `shade` tints the top-left quarter, so pictures made with different shades differ. */
export function tinyPng(shade = 0): Uint8Array {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(SIZE, 0);
  header.writeUInt32BE(SIZE, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit depth, truecolour, default compression/filter/interlace
  const rows = Array.from({ length: SIZE }, (_, y) =>
    Buffer.from([0, ...Array.from({ length: SIZE }, (_, x) => quarterColour((y < SIZE / 2 ? 0 : 2) + (x < SIZE / 2 ? 0 : 1), shade)).flat()]),
  );
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return new Uint8Array(Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))]));
}

function quarterColour(quarter: number, shade: number): number[] {
  const colour = QUARTERS[quarter]!;
  return quarter === 0 ? colour.map((c) => (c + shade) & 0xff) : colour;
}

export function pngAttachment(filename = 'memory.png', shade = 0): Attachment {
  return { kind: 'image', filename, data: tinyPng(shade), alt: 'Two names, a and b, pointing at one list' };
}
