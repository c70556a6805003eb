import type { Argument, Directive, Node, ParseDiagnostic } from '../ast.js';
import { encodeWord } from './escapes.js';
import { NginxTokenizer } from './tokenizer.js';

const INDENT = '    ';
/** Deeper levels are not indented further, so printing stays linear in the size of the tree. */
const MAX_INDENT = INDENT.repeat(32);

/**
 * nginx text for an AST, one directive per line, four-space indents. Arguments keep their source
 * text when it still reads back as the same value and quote style; otherwise they are written in
 * their quote style, or double-quoted when that style cannot hold the value. Lua bodies are
 * written verbatim; one left open ends the output, as it ended the file. `include`s print as the
 * directive; the included files are not inlined.
 */
export function printNginx(nodes: readonly Node[]): string {
  let out = '';
  // An explicit stack, so a 10,000-deep tree prints without recursion.
  const stack: { nodes: readonly Node[]; next: number; indent: string }[] = [{ nodes, next: 0, indent: '' }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1] as (typeof stack)[number];
    const node = top.nodes[top.next++];
    if (node === undefined) {
      stack.pop();
      if (stack.length > 0) out += `${(stack[stack.length - 1] as (typeof stack)[number]).indent}}\n`;
    } else if (node.type === 'comment') {
      out += `${top.indent}#${node.text}\n`;
    } else if (node.rawBody?.unclosed) {
      // The body ran to the end of the file, so it already holds everything after it: any `}`
      // or newline printed now would be read back into it and grow it on every round.
      return `${out}${top.indent}${head(node)} {${node.rawBody.text}`;
    } else if (node.rawBody) {
      out += `${top.indent}${head(node)} {${node.rawBody.text}}\n`;
    } else if (node.children) {
      out += `${top.indent}${head(node)} {\n`;
      const indent = top.indent.length < MAX_INDENT.length ? top.indent + INDENT : top.indent;
      stack.push({ nodes: node.children, next: 0, indent });
    } else {
      out += `${top.indent}${head(node)};\n`;
    }
  }
  return out;
}

function head(directive: Directive): string {
  const name = encodeWord(directive.name, 'none') ?? (encodeWord(directive.name, 'double') as string);
  return [name, ...directive.args.map(printArgument)].join(' ');
}

function printArgument(arg: Argument): string {
  for (const candidate of [arg.raw, encodeWord(arg.value, arg.quote)]) {
    if (candidate !== undefined && readsAs(candidate, arg)) return candidate;
  }
  return encodeWord(arg.value, 'double') as string;
}

/** Whether nginx reads `text` as exactly one word with the argument's value and quote style. */
function readsAs(text: string, arg: Argument): boolean {
  if (text === '') return false;
  const diagnostics: ParseDiagnostic[] = [];
  const statement = new NginxTokenizer(`${text};`, '', diagnostics).readStatement();
  const [word] = statement.words;
  return diagnostics.length === 0 && statement.words.length === 1 && word?.value === arg.value && word.quote === arg.quote;
}
