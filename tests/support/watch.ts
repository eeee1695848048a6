// Collects what a child process prints and waits for a pattern in it, for tests that talk to a
// running `memtutor` (a pipe or a pseudo-terminal).
export interface Watched {
  /** Everything received so far, through `view`. */
  text(): string;
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
}

export function watchOutput(stream: NodeJS.ReadableStream, view: (received: string) => string = (received) => received): Watched {
  let received = '';
  const waiters = new Set<() => void>();
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    received += chunk;
    waiters.forEach((check) => check());
  });
  const text = () => view(received);
  return {
    text,
    waitFor: (pattern, timeoutMs = 30_000) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern}; output so far:\n${text()}`)), timeoutMs);
        const check = () => {
          if (!pattern.test(text())) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        };
        waiters.add(check);
        check();
      }),
  };
}
