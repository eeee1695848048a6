// `npm run bench`: runs the benchmark suites and prints one JSON object on stdout.
// Each suite lives in its own module and is imported only when it runs.

export type BenchSuite = () => Promise<Record<string, unknown>>;

export const suites: Record<string, BenchSuite> = {
  slack: () => import('./slack.js').then((m) => m.runSlackBench()),
  discord: () => import('./discord.js').then((m) => m.runDiscordBench()),
  sandbox: () => import('./sandbox.js').then((m) => m.runSandboxBench()),
  trace: () => import('./trace.js').then((m) => m.runTraceBench()),
  quiz: () => import('./quiz.js').then((m) => m.runQuizBench()),
  scale: () => import('./scale.js').then((m) => m.runScaleBench()),
  picture: () => import('./picture.js').then((m) => m.runPictureBench()),
  steps: () => import('./steps.js').then((m) => m.runStepsBench()),
  stops: () => import('./stops.js').then((m) => m.runStopsBench()),
};

export async function runBenchmarks(names: string[]): Promise<Record<string, unknown>> {
  const unknown = names.filter((n) => !(n in suites));
  if (unknown.length) throw new Error(`unknown benchmark ${unknown.join(', ')}; available: ${Object.keys(suites).join(', ')}`);
  const results: Record<string, unknown> = {};
  for (const name of names.length ? names : Object.keys(suites)) {
    process.stderr.write(`bench: running ${name}…\n`);
    results[name] = await suites[name]!();
  }
  return results;
}
