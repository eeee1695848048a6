// One bot process in the two-process claim race (tests/store/two-process.test.ts): opens the store
// the configuration names, says "ready", reads a start instant on stdin, and from that instant
// claims every key one after another (the second racer walks the keys backwards, so the two meet
// and contend), then prints the keys it won as JSON.
import { once } from 'node:events';
import { z } from 'zod';
import { loadConfig } from '../../src/config.js';
import { openStore } from '../../src/store/index.js';

const input = z.object({ roundIds: z.array(z.number().int()), slots: z.number().int(), events: z.number().int(), backwards: z.boolean() });
const { roundIds, slots, events, backwards } = input.parse(JSON.parse(process.argv[2] ?? '{}'));

const store = await openStore(loadConfig());
process.stdout.write('ready\n');
const [startLine] = (await once(process.stdin, 'data')) as [Buffer];
await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(startLine.toString()) - Date.now())));

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const winners = async <T>(keys: T[], claim: (key: T) => Promise<boolean>) => {
  const won: T[] = [];
  for (const key of backwards ? [...keys].reverse() : keys) if (await claim(key)) won.push(key);
  return won;
};
const [posts, closes, created, claimed] = await Promise.all([
  winners(roundIds, (id) => store.claimRoundMessage({ roundId: id, index: 0, platform: 'discord', channelId: 'c' })),
  winners(roundIds, (id) => store.closeRound(id, Date.now(), (previous) => ({ current: (previous?.current ?? 0) + 1, best: 1, lastWeek: 'w' }))),
  winners(range(slots), async (slot) =>
    (await store.createRound({ scopeId: 'race', platform: 'discord', channelId: 'c', slotKey: `slot:${slot}`, questionIds: ['q'], opensAt: 0, closesAt: 1, timeZone: 'UTC', weekKey: 'w' })) !== undefined,
  ),
  winners(range(events), (event) => store.claimEvent(`slack:Ev${event}`, 60_000)),
]);
await store.close();
process.stdout.write(`${JSON.stringify({ posts, closes, created, claimed })}\n`);
