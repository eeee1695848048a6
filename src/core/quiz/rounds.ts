// Weekly quiz rounds: open one (pick questions, post each into the channel), take answers while
// it is open, close it once and post the results. Every post is claimed in the store before it is
// sent, so a restart never posts the same message twice.
import { errorReply, type Caller, type Platform, type Reply } from '../messages.js';
import type { Outbox, PostedMessage } from '../outbox.js';
import { RESULTS_MESSAGE_INDEX, type Round, type RoundAnswerRow, type Store } from '../store/store.js';
import type { Logger } from '../../logger.js';
import type { BankQuestion, QuizBank } from './bank.js';
import type { Clock } from './clock.js';
import { userOf } from './practice.js';
import { alreadyAnsweredReply, channelMention, choiceText, questionReply } from './replies.js';
import { LEADERBOARD_SIZE, rankingLines } from './stats.js';
import { liveStreak, nextStreak, weekKey, weekStart } from './weeks.js';

export interface RoundRequest {
  scopeId: string;
  platform: Platform;
  channelId: string;
  questions: number;
  durationMs: number;
  timeZone: string;
  /** `slot:<ISO>` for a scheduled round, `now:<ms>` for /weekly now. */
  slotKey: string;
  opensAt: number;
  /** Who is told if the channel stops taking posts. */
  adminUserId?: string;
}

/** Keeps the results body within every platform's limits (Discord embed text: 4096). */
export const RESULTS_BODY_BUDGET = 3500;
/** Below this many characters an explanation would be a stub; the lesson link says more. */
const MIN_EXPLANATION_CHARS = 60;
const RECENT_ROUNDS_AVOIDED = 4;

export class WeeklyRounds {
  constructor(
    private readonly bank: QuizBank,
    private readonly store: Store,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly random: () => number = Math.random,
  ) {}

  /** Opens a round and posts it; undefined when the slot already has one or nobody can post. */
  async open(request: RoundRequest): Promise<Round | undefined> {
    if (!this.outbox.for(request.platform)) return undefined;
    const questionIds = await this.pickQuestions(request.scopeId, request.questions);
    if (questionIds.length === 0) return undefined;
    const round = await this.store.createRound({
      scopeId: request.scopeId,
      platform: request.platform,
      channelId: request.channelId,
      slotKey: request.slotKey,
      questionIds,
      opensAt: request.opensAt,
      closesAt: request.opensAt + request.durationMs,
      timeZone: request.timeZone,
      weekKey: weekKey(request.opensAt, request.timeZone),
      adminUserId: request.adminUserId,
    });
    if (round) {
      this.logger.info({ roundId: round.id, scopeId: round.scopeId, slot: round.slotKey }, 'weekly round opened');
      await this.postQuestions(round);
    }
    return round;
  }

  /** Posts the questions of an open round not posted yet (all of them, or the rest after a crash). */
  async postQuestions(round: Round): Promise<void> {
    const poster = this.outbox.for(round.platform);
    if (!poster) return;
    for (const [index, questionId] of round.questionIds.entries()) {
      const question = this.bank.get(questionId);
      if (!question) continue;
      const message = { roundId: round.id, index, platform: round.platform, channelId: round.channelId };
      if (!(await this.store.claimRoundMessage(message))) continue;
      const sent = await this.postClaimed(round, index, () => poster.post(round.channelId, this.questionMessage(round, question, index)));
      if (sent === 'paused') return;
    }
  }

  /** Closes a due round (once: the store's status flip is the claim); false if not due or no poster. */
  async closeIfDue(round: Round): Promise<boolean> {
    const now = this.clock.now();
    if (now < round.closesAt || !this.outbox.for(round.platform)) return false;
    if (await this.store.closeRound(round.id, now, (previous) => nextStreak(previous, round.weekKey))) {
      this.logger.info({ roundId: round.id }, 'weekly round closed');
    }
    await this.postResults(round);
    return true;
  }

  /** Posts a closed round's results unless they were claimed before (they are never posted twice). */
  async postResults(round: Round): Promise<void> {
    const poster = this.outbox.for(round.platform);
    if (!poster) return;
    const claim = { roundId: round.id, index: RESULTS_MESSAGE_INDEX, platform: round.platform, channelId: round.channelId };
    if (!(await this.store.claimRoundMessage(claim))) return;
    const results = await this.resultsMessage(round, this.clock.now());
    if ((await this.postClaimed(round, RESULTS_MESSAGE_INDEX, () => poster.post(round.channelId, results))) === 'paused') return;
    this.logger.info({ roundId: round.id }, 'weekly results posted');
    await this.closeQuestionMessages(round);
  }

  /**
   * Sends a claimed message and records where it landed; a failed send gives the claim back, and
   * either pauses the round (its channel no longer takes posts) or throws to be retried later.
   */
  private async postClaimed(round: Round, index: number, send: () => Promise<PostedMessage>): Promise<'sent' | 'paused'> {
    let posted: PostedMessage;
    try {
      posted = await send();
    } catch (error) {
      await this.store.releaseRoundMessage(round.id, index);
      if (await this.pauseIfUnusable(round)) return 'paused';
      throw error;
    }
    await this.store.recordRoundMessage(round.id, index, posted.messageId);
    return 'sent';
  }

  /**
   * A channel that stopped taking the bot's posts (a permission taken away, the bot removed) is not
   * retried every minute until the round closes: the round ends without results, the schedule is
   * paused, and the admin is told once what to fix. False when the channel looks fine (an outage:
   * the caller retries).
   */
  private async pauseIfUnusable(round: Round): Promise<boolean> {
    const poster = this.outbox.for(round.platform);
    const problem = await poster?.channelProblem?.(round.channelId, round.adminUserId ?? '').catch(() => undefined);
    if (!poster || !problem) return false;
    // Claiming the results is the once-only step: a closed round never waits for results it cannot post.
    const results = { roundId: round.id, index: RESULTS_MESSAGE_INDEX, platform: round.platform, channelId: round.channelId };
    if (!(await this.store.claimRoundMessage(results))) return true;
    const now = this.clock.now();
    await this.store.closeRound(round.id, now, (previous) => nextStreak(previous, round.weekKey));
    const schedule = await this.store.getSchedule(round.scopeId);
    if (schedule?.enabled && schedule.channelId === round.channelId) await this.store.saveSchedule({ ...schedule, enabled: false, updatedAt: now });
    this.logger.warn({ roundId: round.id, channelId: round.channelId }, 'weekly round paused: its channel no longer takes posts');
    if (round.adminUserId && poster.tellUser) {
      await poster.tellUser(round.adminUserId, pausedReply(round, problem)).catch((err: unknown) => this.logger.warn({ err, roundId: round.id }, 'could not tell the admin about the paused round'));
    }
    return true;
  }

  /** A question of an open round shown privately again (missed the post, or a restarted terminal). */
  async showQuestion(roundId: number, index: number): Promise<Reply> {
    const round = await this.store.getRound(roundId);
    const question = this.bank.get(round?.questionIds[index] ?? '');
    if (!round || !question) return errorReply('That weekly question is no longer available.');
    if (round.status !== 'open' || this.clock.now() >= round.closesAt) return errorReply('This round has closed. The results are in the channel.');
    return { ...this.questionMessage(round, question, index), ephemeral: true };
  }

  async answer(caller: Caller, roundId: number, questionId: string, choice: number): Promise<Reply> {
    const round = await this.store.getRound(roundId);
    const question = this.bank.get(questionId);
    if (!round || !question || !round.questionIds.includes(questionId)) return errorReply('That weekly question is no longer available.');
    if (!Number.isInteger(choice) || choice < 0 || choice >= question.choices.length) return errorReply('That is not one of the choices.');
    const result = await this.store.recordAnswer({
      user: userOf(caller),
      scopeId: round.scopeId,
      questionId,
      section: question.section,
      roundKey: `w:${round.id}`,
      roundId: round.id,
      choice,
      correct: choice === question.answer,
      answeredAt: this.clock.now(),
    });
    if (result.status === 'round-closed') return errorReply('This round has closed. The results are in the channel.');
    if (result.status === 'duplicate') return alreadyAnsweredReply(question, result.previous.choice, false);
    return {
      title: 'Answer recorded',
      body: `You chose ${choiceText(question, choice)}\nThe right answers and explanations come with the results, ${formatInstant(round.closesAt, round.timeZone)}.`,
      tone: 'success',
      ephemeral: true,
    };
  }

  private async pickQuestions(scopeId: string, count: number): Promise<string[]> {
    const recent = new Set(await this.store.recentRoundQuestions(scopeId, RECENT_ROUNDS_AVOIDED));
    const shuffled = shuffle([...this.bank.questions], this.random);
    const fresh = shuffled.filter((q) => !recent.has(q.id));
    const reused = shuffled.filter((q) => recent.has(q.id));
    return [...fresh, ...reused].slice(0, count).map((q) => q.id);
  }

  private questionMessage(round: Round, question: BankQuestion, index: number): Reply {
    const heading = `Weekly quiz · question ${index + 1}/${round.questionIds.length}`;
    const footer = `Closes ${formatInstant(round.closesAt, round.timeZone)} · answer with the buttons, privately · lesson ${question.lesson}`;
    return questionReply(question, `w${round.id}`, heading, footer);
  }

  private async resultsMessage(round: Round, now: number): Promise<Reply> {
    const answers = await this.store.roundAnswers(round.id);
    const perQuestionBudget = Math.floor(RESULTS_BODY_BUDGET / Math.max(round.questionIds.length, 1));
    const sections = round.questionIds.flatMap((id, index) => {
      const question = this.bank.get(id);
      return question ? [questionResult(question, index, answers, perQuestionBudget)] : [];
    });
    const top = await this.store.leaderboard(round.scopeId, weekStart(round.weekKey, round.timeZone), LEADERBOARD_SIZE);
    const nowWeek = weekKey(now, round.timeZone);
    const streaks = (await this.store.streaks(round.scopeId))
      .map((s) => ({ name: s.displayName, weeks: liveStreak(s, nowWeek) }))
      .filter((s) => s.weeks > 0)
      .slice(0, LEADERBOARD_SIZE);
    const participants = new Set(answers.map((a) => `${a.platform}:${a.userId}`)).size;
    return {
      title: 'Weekly quiz · results',
      body: `${participants} ${participants === 1 ? 'person' : 'people'} answered.\n\n${sections.join('\n\n')}`,
      fields: [
        { name: "This week's top 10", value: top.length ? rankingLines(top) : 'Nobody answered this week.' },
        { name: 'Streaks (weeks in a row)', value: streaks.length ? streaks.map((s) => `🔥 ${s.name}: ${s.weeks}`).join('\n') : 'No streaks yet.' },
      ],
      footer: 'Practise any time with /quiz · /leaderboard all for all time',
      tone: 'info',
    };
  }

  /** Replaces each question message's buttons with the answer, so late clicks are not invited. */
  private async closeQuestionMessages(round: Round): Promise<void> {
    const poster = this.outbox.for(round.platform);
    for (const message of await this.store.roundMessages(round.id)) {
      const question = this.bank.get(round.questionIds[message.index] ?? '');
      if (!poster || !question || !message.messageId) continue;
      const posted: PostedMessage = { platform: message.platform, channelId: message.channelId, messageId: message.messageId };
      const closed = { ...this.questionMessage(round, question, message.index), buttons: undefined, footer: `Closed · answer: ${question.choices[question.answer]}` };
      await poster.update(posted, closed).catch((err: unknown) => this.logger.warn({ err, roundId: round.id }, 'could not close a question message'));
    }
  }
}

function pausedReply(round: Round, problem: string): Reply {
  return {
    title: 'Weekly quiz paused',
    body: `The weekly round in ${channelMention(round.platform, round.channelId)} stopped: ${problem}\nNo more rounds are posted there until you fix that and run \`/weekly set\` again.`,
    tone: 'warning',
  };
}

function questionResult(question: BankQuestion, index: number, answers: readonly RoundAnswerRow[], budget: number): string {
  const mine = answers.filter((a) => a.questionId === question.id);
  const right = mine.filter((a) => a.correct).length;
  const score = mine.length ? `${Math.round((100 * right) / mine.length)}% right (${right}/${mine.length})` : 'no answers';
  const head = `**${index + 1}. ${shorten(question.prompt, 160)}**\nAnswer: ${choiceText(question, question.answer)} · ${score}`;
  const room = budget - head.length - 2;
  const why = room >= MIN_EXPLANATION_CHARS ? shorten(question.explanation.trim(), room) : `Why: \`/lesson ${question.lesson}\``;
  return `${head}\n${why}`;
}

function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const sentence = cut.lastIndexOf('. ');
  return sentence > max / 2 ? cut.slice(0, sentence + 1) : `${cut.trimEnd()}…`;
}

export function formatInstant(instant: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' }).format(instant);
}

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}
