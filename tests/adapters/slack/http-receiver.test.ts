// The HTTP receiver's request verification: Slack signs every request; anything unsigned, wrongly
// signed or older than five minutes must be refused before it reaches the core.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpDriver, sign, slashCommand } from '../../support/slack-stand-in/drivers.js';
import { startHarness, type SlackHarness } from '../../support/slack-stand-in/harness.js';

let h: SlackHarness;
let http: HttpDriver;

beforeAll(async () => {
  h = await startHarness('http');
  http = new HttpDriver(h.endpoint!, h.slack);
});
afterAll(() => h.stop());

const form = (text: string) => new URLSearchParams(slashCommand(h.slack, '/lesson', text)).toString();
const FORM = 'application/x-www-form-urlencoded';

describe('Slack HTTP receiver signatures', () => {
  it('answers a correctly signed request', async () => {
    const since = h.slack.posts.length;
    const response = await http.post(form('1'), FORM);
    expect(response.status).toBe(200);
    await h.slack.waitForPosts(1, () => true, since);
  });

  it.each([
    ['a wrong signature', (body: string) => ({ signature: sign(body, Math.floor(Date.now() / 1000), 'not-the-secret') })],
    ['a malformed signature', () => ({ signature: 'v0=deadbeef' })],
    ['a stale timestamp (6 minutes old)', (body: string) => {
      const timestamp = Math.floor(Date.now() / 1000) - 6 * 60;
      return { timestamp, signature: sign(body, timestamp) };
    }],
  ])('refuses %s and runs nothing', async (_name, forge) => {
    const callsBefore = h.slack.calls.length;
    const postsBefore = h.slack.posts.length;
    const body = form('2');
    const response = await http.post(body, FORM, forge(body));
    expect(response.status).toBe(401);
    // A correct request afterwards is answered, and nothing from the forged one ever landed.
    await http.post(form('3'), FORM);
    const [only] = await h.slack.waitForPosts(1, () => true, postsBefore);
    expect(JSON.stringify(only!.blocks)).toContain('Lesson 3');
    expect(h.slack.posts.slice(postsBefore)).toHaveLength(1);
    expect(h.slack.calls.slice(callsBefore).filter((c) => c.method.startsWith('chat.'))).toEqual([]);
  });

  it('refuses a body changed after signing', async () => {
    const timestamp = Math.floor(Date.now() / 1000);
    const signature = sign(form('4'), timestamp);
    const response = await http.post(form('5'), FORM, { timestamp, signature });
    expect(response.status).toBe(401);
  });
});
