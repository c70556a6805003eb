import { describe, expect, it } from 'vitest';
import type { Node } from '../../../src/parse/ast.js';
import { encodeNginxText, parseNginx, printNginx } from '../../../src/parse/nginx/index.js';
import { describeDiagnostic } from './summarize.js';

/**
 * Byte-level behaviour of nginx's reader: its 4096-byte buffer (a token, counted from where
 * nginx's `start` pointer sits, must end before the buffer is full), bytes that are not UTF-8,
 * and inputs built to break recursive parsers.
 */
const long = (n: number, ch = 'a'): string => ch.repeat(n);

describe('the 4096-byte token limit (NGX_CONF_BUFFER)', () => {
  it.each([
    // A bare word and the separator after it must fit in 4096 bytes: nginx checks when the
    // buffer is full, and its `start` still points at the word while it reads the separator.
    { name: '4094-byte word + space fits', src: `${long(4094)} x;`, diagnostics: [] },
    { name: '4095-byte word + space does not', src: `${long(4095)} x;`, diagnostics: ['1:1 too-long-parameter: too long parameter "aaaaaaaaaa..." started'] },
    { name: 'a 4095-byte comment line counts too', src: `#${long(4095)}\nx;`, diagnostics: ['1:1 too-long-parameter: too long parameter "#aaaaaaaaa..." started'] },
    { name: 'a 4094-byte comment line fits', src: `#${long(4094)}\nx;`, diagnostics: [] },
    {
      name: 'an open quote running past the buffer',
      src: `x "${long(5000)}";`,
      diagnostics: ['1:3 too-long-parameter: too long parameter, probably missing terminating """ character'],
    },
    // Bytes, not characters: 2047 two-byte letters + 1 = 4095 bytes.
    { name: 'multibyte: 4095 bytes + space', src: `${long(2047, 'é')}a x;`, diagnostics: ['1:1 too-long-parameter: too long parameter "éééééééééé..." started'] },
    { name: 'multibyte: 4094 bytes + space', src: `${long(2047, 'é')} x;`, diagnostics: [] },
    // Checked whenever more of the file is left to read, so the last token of a file too.
    {
      name: 'a long last token at end of file',
      src: `x ${long(5000)}`,
      diagnostics: ['1:3 too-long-parameter: too long parameter "aaaaaaaaaa..." started', '1:5003 unexpected-eof: unexpected end of file, expecting ";" or "}"'],
    },
  ])('$name', ({ src, diagnostics }) => {
    expect(parseNginx(src, 'x.conf').diagnostics.map(describeDiagnostic)).toEqual(diagnostics);
  });
});

describe('bytes that are not UTF-8', () => {
  // "caf\xe9" in Latin-1, and a KOI8-R comment: nginx reads bytes; we keep one column per byte.
  const bytes = Buffer.concat([Buffer.from('root /srv/caf'), Buffer.of(0xe9), Buffer.from(';\n# '), Buffer.of(0xf0, 0xd2, 0xc9), Buffer.from('\nx "\xc3\xa9";\n', 'latin1')]);
  const result = parseNginx(bytes, 'latin1.conf');

  it('parses without errors, undecodable bytes as lone surrogates U+DC80+byte', () => {
    expect(result.diagnostics).toEqual([]);
    const [root, comment, x] = result.nodes as [Node, Node, Node];
    expect(root.type === 'directive' && root.args[0]?.value).toBe('/srv/caf\udce9');
    expect(root.type === 'directive' && root.loc.endColumn).toBe(16);
    expect(comment.type === 'comment' && comment.text).toBe(' \udcf0\udcd2\udcc9');
    // Valid UTF-8 in the same file still decodes as text.
    expect(x.type === 'directive' && x.args[0]?.value).toBe('é');
  });

  it('restores the exact bytes', () => {
    expect(encodeNginxText(result.text).equals(bytes)).toBe(true);
    const [root] = result.nodes;
    expect(root?.type === 'directive' && encodeNginxText(root.args[0]?.value ?? '')).toEqual(Buffer.from('/srv/caf\xe9', 'latin1'));
  });
});

describe('inputs that break recursive parsers', () => {
  const depth = 10_000;

  it(`reads ${depth} nested blocks, and prints them back`, () => {
    const src = `${'a {\n'.repeat(depth)}b;\n${'}\n'.repeat(depth)}`;
    const result = parseNginx(src, 'deep.conf');
    expect(result.diagnostics).toEqual([]);
    let level: readonly Node[] = result.nodes;
    let levels = 0;
    while (level[0]?.type === 'directive' && level[0].children) {
      level = level[0].children;
      levels++;
    }
    expect(levels).toBe(depth);
    expect(level[0]?.type === 'directive' && level[0].loc.line).toBe(depth + 1);
    expect(printNginx(result.nodes).split('\n')).toHaveLength(2 * depth + 2);
  });

  it(`reports ${depth} unclosed blocks once, at the end of the file`, () => {
    const result = parseNginx('a {'.repeat(depth), 'deep.conf');
    expect(result.diagnostics.map(describeDiagnostic)).toEqual([`1:${3 * depth + 1} unclosed-block: unexpected end of file, expecting "}"`]);
  });

  it('reads 200,000 comment lines', () => {
    const result = parseNginx(`${'# note\n'.repeat(200_000)}x;`, 'comments.conf');
    expect(result.nodes).toHaveLength(200_001);
    expect(result.nodes.at(-1)?.loc.line).toBe(200_001);
  });

  it('reads a stream of } and ; as diagnostics, not exceptions', () => {
    const result = parseNginx('};'.repeat(5000), 'junk.conf');
    expect(result.nodes).toEqual([]);
    expect(result.diagnostics).toHaveLength(10_000);
  });
});
