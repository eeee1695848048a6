// How the terminal chat may print: colours only on a TTY and never with NO_COLOR (or TERM=dumb),
// and lines wrapped to the terminal's width; piped output is left unwrapped for other tools.

export interface TerminalStyle {
  colors: boolean;
  /** Columns to wrap at; undefined leaves lines as they are. */
  width?: number;
}

export const PLAIN: TerminalStyle = { colors: false };

/** Narrower than this, wrapping does more harm than good. */
const MIN_WIDTH = 20;

export function terminalStyle(output: NodeJS.WritableStream, env: NodeJS.ProcessEnv = process.env): TerminalStyle {
  const tty = output as NodeJS.WriteStream;
  if (!tty.isTTY) return PLAIN;
  // https://no-color.org: present and not empty means no colour.
  const colors = !env.NO_COLOR && env.TERM !== 'dumb';
  const width = tty.columns >= MIN_WIDTH ? tty.columns : undefined;
  return { colors, width };
}
