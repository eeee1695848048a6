// Gateway trouble: the connection drops (the client resumes and gets the events it missed) or the
// session expires (the client identifies again); either way the bot keeps answering.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embedsOf, OPTION, slash, startHarness, type Harness } from '../../support/discord-stand-in/harness.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.close();
});

const askLesson = async (topic: string) => {
  const answer = await slash(h.standIn, 'lesson', [{ name: 'topic', type: OPTION.string, value: topic }]).nth(0);
  return embedsOf(answer.data)[0]?.title ?? '';
};

describe('gateway disconnects', () => {
  it('resumes after a dropped connection and answers an interaction sent while it was away', async () => {
    expect(await askLesson('1')).toMatch(/^Lesson 1: /);
    const resumed = new Promise((resolve) => h.standIn.once('session', resolve));
    await h.standIn.dropConnection(4000);
    // Sent while the bot is disconnected: Discord keeps it and replays it on RESUME.
    const whileAway = slash(h.standIn, 'lesson', [{ name: 'topic', type: OPTION.string, value: '2' }]);
    await resumed;
    expect(h.standIn.resumes).toBe(1);
    expect(h.standIn.identifies).toBe(1);
    expect(embedsOf((await whileAway.nth(0)).data)[0]?.title).toMatch(/^Lesson 2: /);
    expect(await askLesson('3')).toMatch(/^Lesson 3: /);
  });

  it('identifies again when its session has expired, and keeps serving', async () => {
    const identified = new Promise((resolve) => h.standIn.once('session', resolve));
    await h.standIn.expireSession();
    await identified;
    expect(h.standIn.identifies).toBe(2);
    expect(await askLesson('4')).toMatch(/^Lesson 4: /);
  });

  it('recorded no rejected request from the adapter', () => {
    expect(h.standIn.rejections).toEqual([]);
  });
});
