import type { Argument, Directive, Node } from '../ast.js';
import { quoteWord, readWordAt } from './words.js';

const INDENT = '    ';

/**
 * Prints Apache nodes back to config text that `parseApache` reads as the same tree (same
 * names, argument values and quote styles, comments and nesting; positions differ). Arguments
 * keep their source text when it still reads back as their value. Included files are not
 * inlined: an `Include` prints as the directive itself.
 */
export function printApache(nodes: readonly Node[]): string {
  const out: string[] = [];
  printNodes(nodes, 0, out);
  return out.join('');
}

function printNodes(nodes: readonly Node[], depth: number, out: string[]): void {
  const indent = INDENT.repeat(depth);
  for (const node of nodes) {
    if (node.type === 'comment') {
      out.push(line(`${indent}#${node.text}`));
    } else if (node.children) {
      out.push(line(`${indent}${sectionOpener(node)}`));
      printNodes(node.children, depth + 1, out);
      out.push(line(`${indent}${quoteWord(`</${node.name}>`)}`));
    } else {
      out.push(line(`${indent}${[directiveName(node), ...node.args.map(argumentText)].join(' ')}`));
    }
  }
}

/**
 * A line ending in a backslash would swallow the next one (ap_cfg_getline); continuing it onto
 * an empty line keeps that backslash as text.
 */
function line(text: string): string {
  return text.endsWith('\\') ? `${text}\\\n\n` : `${text}\n`;
}

function directiveName(directive: Directive): string {
  // ap_build_config_sub drops one trailing '>' from a directive name: give it one to drop.
  return quoteWord(directive.name.endsWith('>') ? `${directive.name}>` : directive.name);
}

/**
 * `<Name args>`. httpd drops one '>' that ends the first word, so a name ending in '>' gets
 * an extra one when arguments follow, and `<Name>` alone is a single word.
 */
function sectionOpener(section: Directive): string {
  if (section.args.length === 0) return quoteWord(`<${section.name}>`);
  const opener = quoteWord(`<${section.name}${section.name.endsWith('>') ? '>' : ''}`);
  return `${[opener, ...section.args.map(argumentText)].join(' ')}>`;
}

function argumentText(arg: Argument): string {
  if (arg.raw !== '') {
    const reread = readWordAt(arg.raw, 0);
    if (reread.end === arg.raw.length && reread.value === arg.value && reread.quote === arg.quote) return arg.raw;
  }
  return quoteWord(arg.value);
}
