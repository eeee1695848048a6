// Socket Mode specifics: Slack closes connections now and then (`disconnect` / refresh_requested);
// the app must reconnect and keep answering.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { slashCommand } from '../../support/slack-stand-in/drivers.js';
import { startHarness, type SlackHarness } from '../../support/slack-stand-in/harness.js';

let h: SlackHarness;
beforeAll(async () => {
  h = await startHarness('socket');
});
afterAll(() => h.stop());

it('reconnects when Slack asks it to, and keeps answering', async () => {
  expect(h.slack.socketConnections).toBe(1);
  h.slack.requestReconnect();
  await h.slack.waitFor(() => h.slack.socketConnections === 2 && h.slack.socketConnected, 15_000, 'the reconnection');
  expect(h.slack.calls.filter((c) => c.method === 'apps.connections.open')).toHaveLength(2);

  const since = h.slack.posts.length;
  const delivery = await h.driver.slashCommand(slashCommand(h.slack, '/lesson', '5'));
  expect(delivery.ms).toBeLessThan(3000);
  const [reply] = await h.slack.waitForPosts(1, () => true, since);
  expect(JSON.stringify(reply!.blocks)).toContain('Lesson 5');
});
