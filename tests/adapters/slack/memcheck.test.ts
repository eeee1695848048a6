// Memory checks through the real Bolt app and the real sandbox, on both receivers: acknowledged at
// once, reported when ready, program output escaped, long output cut and uploaded in full.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { blockAction, directMessage, eventBody, mention, messageShortcut, slackEscape, slashCommand, viewSubmission } from '../../support/slack-stand-in/drivers.js';
import { startHarness, type ReceiverMode, type SlackHarness } from '../../support/slack-stand-in/harness.js';
import type { Posted } from '../../support/slack-stand-in/server.js';
import { PARENT_CHILD_EXAMPLE } from '../../support/memcheck.js';

const ACK_DEADLINE_MS = 3000;
const text = (post: Posted) => JSON.stringify(post.blocks);
const header = (post: Posted) => (post.blocks.find((b) => b.type === 'header')?.text as { text: string } | undefined)?.text ?? '';
const sections = (post: Posted) => post.blocks.filter((b) => b.type === 'section').map((b) => (b.text as { text: string } | undefined)?.text ?? '');
const isReport = (post: Posted) => header(post).includes('Memory report');

describe.each<ReceiverMode>(['http', 'socket'])('Slack memory checks over %s', (mode) => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startHarness(mode);
  });
  afterAll(() => h.stop());
  afterEach(() => expect(h.slack.refusals).toEqual([]));

  it('/memcheck acks at once with a working note, then reports a and b as the same list', async () => {
    const since = h.slack.posts.length;
    const delivery = await h.driver.slashCommand(slashCommand(h.slack, '/memcheck', '```a = [1, 2, 3]\nb = a```'));
    expect(delivery.ms).toBeLessThan(ACK_DEADLINE_MS);
    expect(delivery.body).toMatchObject({ response_type: 'ephemeral', text: expect.stringMatching(/sandbox/) });
    const [report] = await h.slack.waitForPosts(1, isReport, since, 20_000);
    expect(report).toMatchObject({ via: 'response_url', ephemeral: false });
    const body = sections(report!).join('\n');
    expect(body).toMatch(/Ran fine/);
    expect(body).toMatch(/\ba\s+list\b/);
    expect(body).toMatch(/\bb\s+list\b/);
  });

  it('"What does this mean?" under a report explains its terms, with the 64-bit size beside ours', async () => {
    const since = h.slack.posts.length;
    await h.driver.slashCommand(slashCommand(h.slack, '/memcheck', '```t = (1, 2)\nbig = 10**20```'));
    const [report] = await h.slack.waitForPosts(1, isReport, since, 20_000);
    const button = report!.blocks.filter((b) => b.type === 'actions')
      .flatMap((b) => b.elements as Array<{ value: string; text: { text: string } }>)
      .find((e) => e.text.text === 'What does this mean?');
    expect(button?.value).toMatch(/^memterms:/);
    const clicked = h.slack.posts.length;
    await h.driver.interactive(blockAction(h.slack, report!, button!.value));
    const [explanation] = await h.slack.waitForPosts(1, (p) => header(p).includes('What the memory report means'), clicked);
    const body = sections(explanation!).join('\n');
    expect(body).toContain('*refs*');
    expect(body).toMatch(/`tuple`: 40 bytes \+ 8 per item · here: a tuple of \d+ bytes/);
    expect(body).toMatch(/`int`: 28 bytes/);
  });

  it('uploads the memory picture, then shows it in the report as an image block', async () => {
    const since = h.slack.posts.length;
    const uploaded = h.slack.files.length;
    await h.driver.slashCommand(slashCommand(h.slack, '/memcheck', slackEscape(`\`\`\`${PARENT_CHILD_EXAMPLE}\`\`\``)));
    const [report] = await h.slack.waitForPosts(1, isReport, since, 30_000);
    const file = h.slack.files.slice(uploaded).find((f) => f.filename === 'memory.png');
    expect(file?.bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
    const image = report!.blocks.find((b) => b.type === 'image') as { slack_file?: { id: string }; alt_text?: string } | undefined;
    expect(image?.slack_file).toEqual({ id: file!.id });
    expect(image?.alt_text).toMatch(/cycle: parent\.children\[0\] → child\.parent → parent/);
  });

  it('escapes hostile output, keeps it inside its code block, cuts it and uploads the full text', async () => {
    const since = h.slack.posts.length;
    // A fence in the output (print("`" * 3)) must not close the report's code block.
    const code = 'print("<!channel> <!here> <@U0ADMIN> & done")\nprint("`" * 3 + " breakout")\nfor i in range(3000):\n    print("line", i)';
    await h.driver.slashCommand(slashCommand(h.slack, '/memcheck', slackEscape(`\`\`\`${code}\`\`\``)));
    const [report] = await h.slack.waitForPosts(1, isReport, since, 20_000);
    const all = text(report!);
    expect(all).not.toMatch(/<[!@]/);
    expect(all).toContain('&lt;!channel&gt; &lt;!here&gt; &lt;@U0ADMIN&gt;');
    for (const section of sections(report!)) expect((section.match(/```/g) ?? []).length % 2).toBe(0);
    expect(all).toMatch(/output cut/);
    expect(all).not.toContain('line 2999');
    const file = await h.slack.waitFor(() => h.slack.files.find((f) => f.channel === 'C0STUDY' && f.content.includes('line 2999')), 10_000, 'the full output file');
    expect(file.filename).toBe('output.txt');
    expect(file.content).toContain('<!channel>');
  });

  it('answers a DM with a code block by replacing the working note with the report', async () => {
    const since = h.slack.posts.length;
    const dm = directMessage(h.slack, 'why? ```class Node:\n    def __init__(self):\n        self.other = None\na = Node()\nb = Node()\na.other = b\nb.other = a```');
    await h.driver.event(eventBody(h.slack, dm));
    const [note] = await h.slack.waitForPosts(1, () => true, since);
    const [report] = await h.slack.waitForPosts(1, (p) => p.via === 'chat.update' && isReport(p), since, 20_000);
    expect(report).toMatchObject({ channel: dm.channel, replaces: note!.ts });
    expect(text(report!)).toMatch(/Reference cycles/);
  });

  it('answers a mention with code in its thread', async () => {
    const since = h.slack.posts.length;
    const event = mention(h.slack, '```x = {}\ny = x```');
    await h.driver.event(eventBody(h.slack, event));
    const [report] = await h.slack.waitForPosts(1, (p) => p.via === 'chat.update' && isReport(p), since, 20_000);
    const [note] = h.slack.posts.slice(since).filter((p) => p.ts === report!.ts && p.via === 'chat.postMessage');
    expect(note).toMatchObject({ channel: event.channel, threadTs: event.ts });
  });

  it('runs the Check memory shortcut and the /memcheck modal', async () => {
    let since = h.slack.posts.length;
    await h.driver.interactive(messageShortcut(h.slack, 'check_memory', 'look ```s = "memory" * 3\nprint(s)```'));
    const [fromShortcut] = await h.slack.waitForPosts(1, isReport, since, 20_000);
    expect(text(fromShortcut!)).toContain('memorymemorymemory');

    const views = h.slack.views.length;
    const command = slashCommand(h.slack, '/memcheck', '');
    await h.driver.slashCommand(command);
    const opened = await h.slack.waitFor(() => h.slack.views[views]);
    since = h.slack.posts.length;
    const submitted = await h.driver.interactive(viewSubmission(h.slack, opened.view, { code: 'import gc\nitems = [[] for _ in range(3)]\nprint(len(items))' }));
    expect(submitted.ms).toBeLessThan(ACK_DEADLINE_MS);
    const [fromModal] = await h.slack.waitForPosts(1, isReport, since, 20_000);
    expect(fromModal).toMatchObject({ via: 'response_url', channel: command.channel_id });
    expect(text(fromModal!)).toMatch(/items/);
  });
});
