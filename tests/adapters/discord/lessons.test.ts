// The real discord.js client against the stand-in: login, /lesson with paging buttons, autocomplete, /help.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TONE_COLOURS } from '../../../src/adapters/discord/render.js';
import { autocomplete, buttonsOf, click, embedsOf, OPTION, slash, startHarness, textOf, type Harness } from '../../support/discord-stand-in/harness.js';
import { INTENTS } from '../../support/discord-stand-in/server.js';
import { answeringPages, SEARCH_CASES } from '../../content/search-queries.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.close();
});

describe('Discord adapter: login', () => {
  it('identifies once with Guilds, GuildMessages and DirectMessages but not the privileged Message Content intent', () => {
    expect(h.standIn.identifies).toBe(1);
    expect(h.standIn.connected).toBe(true);
    const intents = (h.standIn as unknown as { session: { intents: number } }).session.intents;
    expect(intents & INTENTS.Guilds).toBeTruthy();
    expect(intents & INTENTS.GuildMessages).toBeTruthy();
    expect(intents & INTENTS.DirectMessages).toBeTruthy();
    expect(intents & INTENTS.MessageContent).toBe(0);
  });

  it('registers a channel poster for the core', () => {
    expect(h.core.services.outbox.for('discord')).toBeDefined();
  });
});

describe('/lesson', () => {
  it('answers /lesson 3 with the lesson page as an embed, paging buttons and no pings', async () => {
    const answer = await slash(h.standIn, 'lesson', [{ name: 'topic', type: OPTION.string, value: '3' }]).nth(0);
    expect(answer).toMatchObject({ kind: 'callback', type: 4 });
    const lesson = h.core.services.lessons.get(3)!;
    const [embed] = embedsOf(answer.data);
    expect(embed!.title).toBe(`Lesson 3: ${lesson.title}`);
    expect(embed!.footer?.text).toBe(`Lesson 3 · ${lesson.title} · page 1/${lesson.pages.length}`);
    expect(embed!.color).toBe(TONE_COLOURS.info);
    expect(textOf(answer.data)).toContain(lesson.pages[0]!.split('\n')[0]!.slice(0, 40));
    expect(answer.data.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(answer.data.flags ?? 0).toBe(0);
    const [previous, next] = buttonsOf(answer.data);
    expect(previous).toMatchObject({ custom_id: 'lesson:3:0', disabled: true });
    expect(next!.custom_id).toBe(lesson.pages.length > 1 ? 'lesson:3:2' : 'lesson:4:1');
  });

  it('pages forward in place when Next is clicked, and back again', async () => {
    const first = await slash(h.standIn, 'lesson', [{ name: 'topic', type: OPTION.string, value: '3' }]).nth(0);
    const original = h.standIn.messagesIn(h.standIn.channelId).at(-1)!;
    const next = buttonsOf(first.data)[1]!;
    const paged = await click(h.standIn, original, next.custom_id).nth(0);
    expect(paged).toMatchObject({ kind: 'callback', type: 7 });
    const [target, page] = next.custom_id.split(':').slice(1).map(Number);
    expect(embedsOf(paged.data)[0]!.footer?.text).toContain(`Lesson ${target} · `);
    expect(embedsOf(paged.data)[0]!.footer?.text).toContain(`page ${page}/`);
    expect(original.edits).toBe(1);
    const back = buttonsOf(paged.data)[0]!;
    expect(back.disabled).toBe(page === 1);
  });

  it('takes a page option and words as the topic', async () => {
    const answer = await slash(h.standIn, 'lesson', [
      { name: 'topic', type: OPTION.string, value: 'garbage collection' },
      { name: 'page', type: OPTION.integer, value: 1 },
    ]).nth(0);
    expect(embedsOf(answer.data)[0]!.footer?.text).toMatch(/^Lesson 4 · Garbage Collection · page 1\//);
  });

  it('answers an unknown lesson with an ephemeral error', async () => {
    const answer = await slash(h.standIn, 'lesson', [{ name: 'topic', type: OPTION.string, value: '42' }]).nth(0);
    expect(answer.data.flags).toBe(64);
    expect(embedsOf(answer.data)[0]!.color).toBe(TONE_COLOURS.error);
    expect(textOf(answer.data)).toContain('There is no lesson 42');
  });

  it('lists the lessons with one button each when no topic is given', async () => {
    const answer = await slash(h.standIn, 'lesson').nth(0);
    const buttons = buttonsOf(answer.data);
    expect(buttons.map((b) => b.custom_id)).toEqual(h.core.services.lessons.numbers.map((n) => `lesson:${n}:1`));
    expect((answer.data.components as unknown[]).length).toBe(Math.ceil(buttons.length / 5));
  });
});

describe('/lesson topic autocomplete', () => {
  const suggest = async (value: string) => {
    const answer = await autocomplete(h.standIn, 'lesson', [{ name: 'topic', type: OPTION.string, value, focused: true }]).nth(0);
    expect(answer).toMatchObject({ kind: 'callback', type: 8 });
    return answer.data.choices as Array<{ name: string; value: string }>;
  };

  it('offers every lesson for an empty box', async () => {
    expect((await suggest('')).map((c) => c.value)).toEqual(h.core.services.lessons.numbers.map(String));
  });

  it('matches sections as the user types, and numbers as lessons and sections', async () => {
    expect((await suggest('garb'))[0]!.value).toMatch(/^4\.\d$/);
    expect((await suggest('3'))[0]).toEqual({ name: '3. Reference Counting', value: '3' });
    expect((await suggest('6.4'))).toEqual([{ name: '6.4 Use Weak References', value: '6.4' }]);
  });

  it(`puts the answering section first for each of the ${SEARCH_CASES.length} learner queries`, async () => {
    const lessons = h.core.services.lessons;
    const wrong: string[] = [];
    for (const c of SEARCH_CASES) {
      const first = (await suggest(c.query))[0];
      const section = first && (lessons.section(first.value) ?? lessons.get(Number(first.value))?.sections[0]);
      const landed = section ? `lesson ${section.lesson} page ${section.page}` : 'nothing';
      if (!answeringPages(lessons, c).includes(landed)) wrong.push(`${c.query} → ${first?.name ?? 'no choice'}`);
    }
    expect(wrong).toEqual([]);
  });

  it('opens the chosen section: /lesson 6.4 starts at its heading', async () => {
    const answer = await slash(h.standIn, 'lesson', [{ name: 'topic', type: OPTION.string, value: '6.4' }]).nth(0);
    const section = h.core.services.lessons.section('6.4')!;
    expect(embedsOf(answer.data)[0]!.footer?.text).toContain(`page ${section.page}/`);
    expect(textOf(answer.data)).toContain('Use Weak References');
  });
});

describe('/help', () => {
  it('lists the commands', async () => {
    const answer = await slash(h.standIn, 'help').nth(0);
    expect(textOf(answer.data)).toContain('/lesson');
  });
});

describe('the stand-in', () => {
  it('recorded no rejected request from the adapter', () => {
    expect(h.standIn.rejections).toEqual([]);
  });
});
