// The sandbox is self-contained: it logs through this small interface (pino's Logger satisfies it).
type LogFunction = (object: Record<string, unknown>, message: string) => void;

export interface SandboxLogger {
  debug: LogFunction;
  info: LogFunction;
  warn: LogFunction;
  error: LogFunction;
}

const ignore: LogFunction = () => {};
export const silentLogger: SandboxLogger = { debug: ignore, info: ignore, warn: ignore, error: ignore };
