import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Node } from '../../../src/parse/ast.js';
import { decodeNginxText, parseNginx, printNginx } from '../../../src/parse/nginx/index.js';
import { CORPUS_DIR } from '../../helpers/shared-dir.js';

/**
 * Properties of the reader and the printer over arbitrary text, arbitrary bytes, mutated corpus
 * files and generated configurations.
 *
 * Equivalence "modulo positions" (`shape`): the same sequence of nodes at every level; comments
 * with the same text; directives with the same name, the same argument values and quote styles,
 * the same Lua body text, and children exactly when the original has children. Source spans and
 * `raw` are left out: the printer normalizes layout and may write an argument differently.
 */
type Shape = string | { name: string; args: string[]; children?: Shape[]; lua?: string };

function shape(nodes: readonly Node[]): Shape[] {
  return nodes.map((node) =>
    node.type === 'comment'
      ? `#${node.text}`
      : {
          name: node.name,
          args: node.args.map((a) => `${a.quote}:${a.value}`),
          ...(node.children ? { children: shape(node.children) } : {}),
          ...(node.rawBody ? { lua: node.rawBody.text } : {}),
        },
  );
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

const corpusTexts = walk(`${CORPUS_DIR}/nginx`)
  .filter((path) => !/LICENSE|\.md$|\.txt$/.test(path))
  .map((path) => decodeNginxText(readFileSync(path)));

/** Mostly-valid nginx text: names, bare and quoted words with escapes and variables, blocks, comments. */
const bareWord = fc.stringMatching(/^[a-z0-9_/.~^*$\\:=()!-][a-z0-9_/.~^*$\\:=()!{}#-]{0,8}$/);
const quotedWord = fc
  .tuple(fc.constantFrom('"', "'"), fc.array(fc.constantFrom('a', ' ', '\n', '{', '}', ';', '#', '$', '${x}', '\\\\', '\\"', "\\'", '\\t', '\\n', 'é', '"', "'"), { maxLength: 6 }))
  .map(([mark, parts]) => `${mark}${parts.filter((p) => p !== mark).join('')}${mark}`);
const word = fc.oneof(bareWord, quotedWord);
const simpleStatement = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(bareWord, fc.array(word, { maxLength: 4 })).map(([name, args]) => `${[name, ...args].join(' ')};`) },
  { weight: 1, arbitrary: fc.string({ maxLength: 10 }).map((text) => `#${text.replace(/\n/g, ' ')}\n`) },
  { weight: 1, arbitrary: fc.constant('content_by_lua_block { local t = { "}" } -- }\n }') },
);
const statement: fc.Memo<string> = fc.memo((depth) =>
  depth <= 0
    ? simpleStatement
    : fc.oneof(
        { weight: 3, arbitrary: simpleStatement },
        {
          weight: 1,
          arbitrary: fc
            .tuple(bareWord, fc.array(word, { maxLength: 2 }), fc.array(statement(depth - 1), { maxLength: 4 }))
            .map(([name, args, body]) => `${[name, ...args].join(' ')} {\n${body.join('\n')}\n}`),
        },
      ),
);
const config = fc.array(statement(3), { maxLength: 8 }).map((statements) => statements.join('\n'));

/** Small edits at nginx's special characters, to reach every error path. */
const mutation = fc.record({ at: fc.nat(), remove: fc.nat({ max: 3 }), insert: fc.constantFrom('', '{', '}', ';', '"', "'", '\\', '#', '$', '${', ' ', '\n', '\0', '\udce9') });

function mutate(text: string, edits: readonly { at: number; remove: number; insert: string }[]): string {
  return edits.reduce((t, { at, remove, insert }) => {
    const i = t.length === 0 ? 0 : at % t.length;
    return t.slice(0, i) + insert + t.slice(i + remove);
  }, text);
}

/** Reparsing printed text reaches a fixpoint after one round, whatever the input. */
function assertPrintFixpoint(input: string | Buffer): void {
  const printed = printNginx(parseNginx(input, 'x.conf').nodes);
  const reprinted = printNginx(parseNginx(printed, 'x.conf').nodes);
  expect(reprinted).toBe(printed);
}

describe('the reader never throws', () => {
  it('on arbitrary strings', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => assertPrintFixpoint(text)), { numRuns: 300 });
  });

  it('on arbitrary bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => assertPrintFixpoint(Buffer.from(bytes))), { numRuns: 500 });
  });

  it('on a Lua block left open by an unterminated Lua string (a shrunk counterexample)', () => {
    assertPrintFixpoint('http {\n    content_by_lua_block {\n        btn = iup.button({title=ok"})\n    }\n}\n');
  });

  it('on mutated corpus files', () => {
    fc.assert(
      fc.property(fc.constantFrom(...corpusTexts), fc.array(mutation, { minLength: 1, maxLength: 6 }), (text, edits) => assertPrintFixpoint(mutate(text, edits))),
      { numRuns: 300 },
    );
  });
});

describe('printNginx output parses back to the same tree', () => {
  it('for generated configurations without syntax errors', () => {
    fc.assert(
      fc.property(config, (text) => {
        const first = parseNginx(text, 'x.conf');
        fc.pre(first.diagnostics.length === 0);
        const second = parseNginx(printNginx(first.nodes), 'x.conf');
        expect(second.diagnostics).toEqual([]);
        expect(shape(second.nodes)).toEqual(shape(first.nodes));
      }),
      { numRuns: 400 },
    );
  });

  it('for every corpus file (printing also mends what the reader recovered from)', () => {
    for (const text of corpusTexts) {
      const first = parseNginx(text, 'x.conf');
      const second = parseNginx(printNginx(first.nodes), 'x.conf');
      expect(shape(second.nodes)).toEqual(shape(first.nodes));
      expect(second.diagnostics).toEqual([]);
    }
  });
});
