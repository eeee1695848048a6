// The report's picture in the reply (src/core/memcheck/picture.ts) with the real renderer behind the
// PictureMaker seam: an image attachment named by reply.picture, a note when drawing fails, nothing
// when there is nothing to draw.
import { afterAll, describe, expect, it } from 'vitest';
import { emptyReport } from '../../../sandbox/report-builder.js';
import { PICTURE_FILENAME, withPicture } from '../../../src/core/memcheck/picture.js';
import { memoryReportReply } from '../../../src/core/memcheck/reply.js';
import { pictureOf } from '../../../src/core/messages.js';
import { createPictureRenderer, pictureMaker } from '../../../src/picture/index.js';
import { fixtureGraph } from '../../picture/helpers.js';
import type { MemoryReport } from '../../../src/core/memcheck/report.js';

const renderer = createPictureRenderer();
const hurried = createPictureRenderer({ timeoutMs: 1 });
afterAll(async () => {
  await renderer.close();
  await hurried.close();
});

function reportWith(graph: MemoryReport['graph']): MemoryReport {
  const report = emptyReport('ok', null, { python: '3.14', pyodideVersion: 'test', timeoutMs: 5000, memoryMb: 256, outputKb: 64 });
  return graph ? { ...report, graph } : report;
}

describe('the memory report reply with its picture', () => {
  it('attaches the PNG as the reply picture, with the alt text and the text drawing', async () => {
    const report = reportWith(fixtureGraph('parent-child'));
    const reply = await withPicture(memoryReportReply(report), report, pictureMaker(renderer));
    const picture = pictureOf(reply);
    expect(reply.picture).toBe(PICTURE_FILENAME);
    expect(Buffer.from(picture!.data as Uint8Array).subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(picture!.alt).toMatch(/cycle: parent\.children\[0\] → child\.parent → parent/);
    expect(picture!.sketch).toMatch(/^parent\s+→ Node#/m);
  }, 30_000);

  it('sends the text report alone with a note when drawing fails (past the time bound)', async () => {
    const report = reportWith(fixtureGraph('parent-child'));
    const reply = await withPicture(memoryReportReply(report), report, pictureMaker(hurried));
    expect(reply.picture).toBeUndefined();
    expect(reply.attachments ?? []).toEqual([]);
    expect(reply.body).toMatch(/No picture this time \(.+\); the report above is complete\./);
  }, 30_000);

  it('sends no picture and no note when the program left nothing worth drawing', async () => {
    const plainOnly = reportWith({ roots: [{ name: 'x', value: { kind: 'plain', text: '1' } }], moreRoots: 0, nodes: [], stubs: [], totalObjects: 0 });
    const withoutGraph = reportWith(undefined);
    for (const report of [plainOnly, withoutGraph]) {
      const reply = await withPicture(memoryReportReply(report), report, pictureMaker(renderer));
      expect(reply).toEqual(memoryReportReply(report));
    }
  });
});
