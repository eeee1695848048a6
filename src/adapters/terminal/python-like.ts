// Does pasted text look like Python? Decided by parsing it with the Lezer Python grammar (the
// parser CodeMirror uses; it never runs anything), so prose is not sent to the sandbox.
import { parser } from '@lezer/python';

/** Longer pastes are not parsed here: the sandbox refuses them anyway, with its own message. */
const MAX_PARSED_CHARS = 50_000;

/** Nodes that only code has: a lone `hello` parses too, but assigns, calls and imports nothing. */
const CODE_NODES = new Set([
  'AssignStatement',
  'UpdateStatement',
  'CallExpression',
  'ImportStatement',
  'FunctionDefinition',
  'ClassDefinition',
  'ForStatement',
  'WhileStatement',
  'IfStatement',
  'WithStatement',
  'TryStatement',
  'DeleteStatement',
]);

/** True when the text parses as Python without a syntax error and does something code does. */
export function looksLikePython(text: string): boolean {
  if (!text.trim() || text.length > MAX_PARSED_CHARS) return false;
  let errors = 0;
  let codeNodes = 0;
  parser.parse(text).iterate({
    enter(node) {
      if (node.type.isError) errors++;
      else if (CODE_NODES.has(node.name)) codeNodes++;
    },
  });
  return errors === 0 && codeNodes > 0;
}
