// marked-terminal ships no types and @types/marked-terminal describes an older API (a Renderer
// class for marked 11); this declares the part used here: the extension factory of 7.x.
declare module 'marked-terminal' {
  import type { MarkedExtension } from 'marked';

  type Paint = (text: string) => string;

  export interface TerminalRendererOptions {
    code?: Paint;
    blockquote?: Paint;
    html?: Paint;
    heading?: Paint;
    firstHeading?: Paint;
    hr?: Paint;
    listitem?: Paint;
    table?: Paint;
    paragraph?: Paint;
    strong?: Paint;
    em?: Paint;
    codespan?: Paint;
    del?: Paint;
    link?: Paint;
    href?: Paint;
    text?: Paint;
    unescape?: boolean;
    emoji?: boolean;
    width?: number;
    showSectionPrefix?: boolean;
    reflowText?: boolean;
    tab?: number | string;
    /** Passed to cli-table3: here only the colours of the head and the borders. */
    tableOptions?: { style?: { head?: string[]; border?: string[] } };
  }

  export function markedTerminal(options?: TerminalRendererOptions): MarkedExtension;
}
