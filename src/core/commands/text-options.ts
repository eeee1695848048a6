// Free-text option parsing shared by the text platforms: positional words, `key:value`
// pairs (as Discord shows them) and `--key value` flags.

export interface TextOptions {
  positionals: string[];
  named: Record<string, string>;
}

/** Splits on whitespace, keeping "quoted phrases" together. */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  for (const match of text.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)) {
    tokens.push(match[1] ?? match[2] ?? match[3] ?? '');
  }
  return tokens;
}

export function parseTextOptions(text: string, namedKeys: readonly string[] = []): TextOptions {
  const tokens = tokenize(text);
  const positionals: string[] = [];
  const named: Record<string, string> = {};
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const flag = /^--([a-z][\w-]*)(?:=(.*))?$/i.exec(token);
    if (flag) {
      named[flag[1]!.toLowerCase()] = flag[2] ?? tokens[++i] ?? '';
      continue;
    }
    const pair = /^([a-z][\w-]*):(.+)$/i.exec(token);
    if (pair && namedKeys.includes(pair[1]!.toLowerCase())) {
      named[pair[1]!.toLowerCase()] = pair[2]!;
      continue;
    }
    positionals.push(token);
  }
  return { positionals, named };
}
