import { readFileSync } from 'node:fs';
import type { Argument, Directive, Node, SourceLocation } from '../src/parse/ast.js';

/**
 * The least a positioned Apache tree costs in V8: the same nodes, arguments and locations
 * the loader builds, from a tokenizer that knows only blanks, `#` and `<`/`</` (no quotes,
 * escapes, continuations, variables, includes or conditions). Run as a script in a fresh
 * process; prints its own time in ms. parse-apache.bench.ts prints it as the floor.
 */
const file = process.argv[2] as string;
const start = performance.now();
const text = new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(file));
const nodes: Node[] = [];
const open: Directive[] = [];
const isBlank = (code: number): boolean => code === 32 || code === 9;
const span = (line: number, from: number, to: number): SourceLocation => ({ file, line, column: from + 1, endLine: line, endColumn: to + 1 });

for (let offset = 0, line = 1; offset < text.length; line++) {
  let end = text.indexOf('\n', offset);
  if (end < 0) end = text.length;
  let from = offset;
  while (from < end && isBlank(text.charCodeAt(from))) from++;
  const siblings = open.length > 0 ? ((open[open.length - 1] as Directive).children as Node[]) : nodes;
  if (from < end && text.charCodeAt(from) === 35) {
    siblings.push({ type: 'comment', text: text.slice(from + 1, end), loc: span(line, from - offset, end - offset) });
  } else if (from < end) {
    let nameEnd = from;
    while (nameEnd < end && !isBlank(text.charCodeAt(nameEnd))) nameEnd++;
    const name = text.slice(from, nameEnd);
    const args: Argument[] = [];
    for (let at = nameEnd; ; ) {
      while (at < end && isBlank(text.charCodeAt(at))) at++;
      if (at >= end) break;
      let wordEnd = at;
      while (wordEnd < end && !isBlank(text.charCodeAt(wordEnd))) wordEnd++;
      const raw = text.slice(at, wordEnd);
      args.push({ value: raw, raw, quote: 'none', loc: span(line, at - offset, wordEnd - offset) });
      at = wordEnd;
    }
    if (name.startsWith('</')) {
      open.pop();
    } else {
      const directive: Directive = {
        type: 'directive',
        dialect: 'apache',
        name,
        lowerName: name.toLowerCase(),
        args: args.slice(),
        nameLoc: span(line, from - offset, nameEnd - offset),
        loc: span(line, from - offset, end - offset),
      };
      siblings.push(directive);
      if (name.startsWith('<')) {
        directive.children = [];
        open.push(directive);
      }
    }
  }
  offset = end + 1;
}
console.log(performance.now() - start);
