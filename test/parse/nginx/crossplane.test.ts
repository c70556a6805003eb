import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Argument, Directive, Node } from '../../../src/parse/ast.js';
import { encodeNginxText, parseNginx } from '../../../src/parse/nginx/index.js';
import { CORPUS_DIR, CROSSPLANE_DIR } from '../../helpers/shared-dir.js';

/**
 * Our trees against crossplane's (NGINX Inc's reference parser) for every corpus file it parsed:
 * directive names, arguments, line numbers, nesting and comments.
 *
 * crossplane presents a few things its own way, and we project our tree through the same
 * conventions before comparing (`crossplaneView`), so the comparison still checks every token
 * boundary, line and comment:
 * - it does not decode nginx's escapes: outside quotes a word is its raw text, inside quotes only
 *   `\"` / `\'` lose their backslash (nginx also decodes `\\`, `\t`, `\r`, `\n`; see ESCAPES below);
 * - it strips the parentheses of `if` (`_prepare_if_args`); nginx's tokenizer keeps them and the
 *   rewrite module strips them later;
 * - a comment read between a directive's words gets the directive's line;
 * - the Lua body of `*_by_lua_block` is an extra last argument;
 * - bytes that are not UTF-8 become U+FFFD, one per maximal invalid subpart (Python's
 *   errors='replace', the same rule as TextDecoder's).
 * Where crossplane reads differently from nginx, the file is listed in DIVERGENCES with the reason.
 */

interface CrossplaneNode {
  directive: string;
  line: number;
  args: string[];
  block?: CrossplaneNode[];
  comment?: string;
}

/**
 * Files where crossplane's tree is not what nginx reads, each checked against nginx.
 * (crossplane-tests/quote-behavior/nginx.conf is not here: nginx refuses it, `unexpected "-"` on
 * line 1, which corpus.test.ts checks we report; the tree we recover is crossplane's reading.)
 */
const DIVERGENCES: Record<string, string> = {
  // Its lexer pairs every backslash with the next character, even in a comment, so a comment
  // ending in `\` loses it at the newline. nginx ignores everything after `#` to the line end.
  'nginx/crossplane-tests/messy/nginx.conf': 'comment on line 2 ends with a backslash',
  // Its lexer only ends a comment at a newline, so a last comment with no newline is dropped.
  'nginx/certbot-testdata/etc_nginx/comment_in_file.conf': 'final comment without a newline',
};

/**
 * Arguments whose value nginx decodes differently from crossplane's text: nginx turns `\\` into
 * `\` and `\r` `\n` `\t` into control characters in every word (the copy loop of
 * `ngx_conf_read_token`, checked with nginx -t in syntax-oracle.test.ts).
 */
const ESCAPES: { file: string; crossplane: string; nginx: string }[] = [
  { file: 'nginx/certbot-roundtrip/zenphoto/nginx.conf', crossplane: '^/(.*)/image/(thumb|[0-9]{1,4})/([^/\\\\\\]+)$', nginx: '^/(.*)/image/(thumb|[0-9]{1,4})/([^/\\\\]+)$' },
  { file: 'nginx/certbot-testdata/etc_nginx/ubuntu_nginx_1_4_6/default_vhost/nginx/naxsi_core.rules', crossplane: 'str:c:\\\\', nginx: 'str:c:\\' },
  { file: 'nginx/gixy-next-tests/simply/http_splitting/mapped_value_fp.conf', crossplane: '~*/([^\\r\\n]*)', nginx: '~*/([^\r\n]*)' },
];

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

/** The corpus stores `sites-enabled` symlinks as files holding the target; crossplane read the target. */
function sourceOf(file: string): string {
  const path = join(CORPUS_DIR, file);
  const text = readFileSync(path, 'utf8').trim();
  return /^\.\.\/[\w.-]+\/[\w.-]+$/.test(text) && existsSync(join(dirname(path), text)) ? join(dirname(path), text) : path;
}

/** How crossplane's lexer writes a word: raw outside quotes; inside, only the escaped quote is decoded. */
function crossplaneWord(raw: string, quote: Argument['quote']): string {
  if (quote === 'none') return raw;
  const mark = quote === 'double' ? '"' : "'";
  const inner = raw.endsWith(mark) && raw.length > 1 ? raw.slice(1, -1) : raw.slice(1);
  return inner.replaceAll(`\\${mark}`, mark);
}

/** crossplane's `_prepare_if_args`: drop `(` from the first and `)` from the last argument. */
function withoutIfParentheses(args: string[]): string[] {
  const [first, last] = [args[0], args.at(-1)];
  if (first === undefined || last === undefined || !first.startsWith('(') || !last.endsWith(')')) return args;
  const stripped = [...args];
  stripped[0] = first.slice(1).trimStart();
  stripped[stripped.length - 1] = (stripped.at(-1) as string).slice(0, -1).trimEnd();
  return stripped.slice(stripped[0] === '' ? 1 : 0, stripped.at(-1) === '' ? -1 : undefined);
}

const lenientUtf8 = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

function replaceUndecodable(text: string): string {
  return /[\udc80-\udcff]/.test(text) ? lenientUtf8.decode(encodeNginxText(text)) : text;
}

/** The directive name as written (the AST keeps the decoded name and its span). */
function nameWord(directive: Directive, lines: readonly string[]): Argument {
  const raw = (lines[directive.nameLoc.line - 1] ?? '').slice(directive.nameLoc.column - 1, directive.nameLoc.endColumn - 1);
  const quote = raw.startsWith('"') ? 'double' : raw.startsWith("'") ? 'single' : 'none';
  return { value: directive.name, raw, quote, loc: directive.nameLoc };
}

function crossplaneView(nodes: readonly Node[], lines: readonly string[]): CrossplaneNode[] {
  let previous: Directive | undefined;
  return nodes.map((node): CrossplaneNode => {
    if (node.type === 'comment') {
      const between = previous !== undefined && isBefore(node.loc, previous.loc);
      return { directive: '#', line: between ? (previous as Directive).nameLoc.line : node.loc.line, args: [], comment: replaceUndecodable(node.text) };
    }
    previous = node;
    const name = nameWord(node, lines);
    const args = node.args.map((a) => crossplaneWord(a.raw, a.quote));
    return {
      directive: replaceUndecodable(crossplaneWord(name.raw, name.quote)),
      line: node.nameLoc.line,
      args: [...(node.name === 'if' ? withoutIfParentheses(args) : args), ...(node.rawBody ? [node.rawBody.text] : [])].map(replaceUndecodable),
      ...(node.children ? { block: crossplaneView(node.children, lines) } : {}),
    };
  });
}

function isBefore(a: { line: number; column: number }, end: { endLine: number; endColumn: number }): boolean {
  return a.line < end.endLine || (a.line === end.endLine && a.column < end.endColumn);
}

const cases = walk(CROSSPLANE_DIR)
  .filter((path) => path.endsWith('.crossplane.json'))
  .map((path) => relative(CROSSPLANE_DIR, path).replace(/\.crossplane\.json$/, ''))
  .sort();

describe('crossplane agreement', () => {
  it('covers every file crossplane parsed', () => {
    expect(cases).toHaveLength(622);
  });

  it.each(cases)('%s', (file) => {
    const expected = JSON.parse(readFileSync(join(CROSSPLANE_DIR, `${file}.crossplane.json`), 'utf8')) as { status: string; parsed: CrossplaneNode[] };
    expect(expected.status).toBe('ok');
    const result = parseNginx(readFileSync(sourceOf(file)), file);
    const ours = crossplaneView(result.nodes, result.text.split('\n'));
    if (file in DIVERGENCES) expect(ours).not.toEqual(expected.parsed);
    else expect(ours).toEqual(expected.parsed);
  });

  it.each(Object.keys(DIVERGENCES))('divergence in %s is what nginx reads', (file) => {
    const result = parseNginx(readFileSync(sourceOf(file)), file);
    const comments = result.nodes.filter((n) => n.type === 'comment').map((n) => n.type === 'comment' && n.text);
    if (file.endsWith('messy/nginx.conf')) expect(comments[0]).toMatch(/ \\$/);
    else expect(comments).toEqual([' a comment inside a file']);
  });

  it.each(ESCAPES)('$file: nginx decodes escapes crossplane keeps', ({ file, crossplane, nginx }) => {
    const result = parseNginx(readFileSync(sourceOf(file)), file);
    const words = [...allWords(result.nodes, result.text.split('\n'))];
    const word = words.find((w) => crossplaneWord(w.raw, w.quote) === crossplane);
    expect(word?.value).toBe(nginx);
  });
});

function* allWords(nodes: readonly Node[], lines: readonly string[]): Generator<Argument> {
  for (const node of nodes) {
    if (node.type !== 'directive') continue;
    yield nameWord(node, lines);
    yield* node.args;
    if (node.children) yield* allWords(node.children, lines);
  }
}
