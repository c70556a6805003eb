import { describe, expect, test } from 'vitest';
import type { Directive, Node, SourceLocation } from '../../../src/parse/ast.js';
import { parseApache } from '../../../src/parse/apache/index.js';

/** `line:column-endLine:endColumn`, the compact form the tables use. */
function at(loc: SourceLocation): string {
  return `${loc.line}:${loc.column}-${loc.endLine}:${loc.endColumn}`;
}

function directives(nodes: readonly Node[]): Directive[] {
  return nodes.filter((n): n is Directive => n.type === 'directive');
}

function only(text: string): Directive {
  const { nodes, diagnostics } = parseApache(text, '/etc/apache2/t.conf');
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const [first, ...rest] = directives(nodes);
  expect(rest).toEqual([]);
  return first as Directive;
}

describe('logical lines (ap_cfg_getline)', () => {
  test.each([
    // source, expected argument values, span of the directive
    ['ServerName a\\\nb', ['ab'], '1:1-2:2'],
    ['ServerName a \\\n  b', ['a', 'b'], '1:1-2:4'],
    ['ServerName a\\\r\nb', ['ab'], '1:1-2:2'],
    // A backslash followed by a blank is no continuation: it stays in the word.
    ['ServerName a\\ \n', ['a\\'], '1:1-1:14'],
    // httpd joins even after a doubled backslash: only the last one goes.
    ['ServerName a\\\\\nb', ['a\\b'], '1:1-2:2'],
    // Continuation at the end of the file keeps nothing pending.
    ['ServerName a\\', ['a\\'], '1:1-1:14'],
    ['ServerName a\\\n', ['a'], '1:1-1:13'],
    ['   \t ServerName   x   \r\n', ['x'], '1:6-1:20'],
    ['ServerName\ta\rb', ['a', 'b'], '1:1-1:15'],
    ['Server\\\nName x', ['x'], '1:1-2:7'],
  ])('%j', (source, values, span) => {
    const directive = only(source);
    expect(directive.args.map((a) => a.value)).toEqual(values);
    expect(at(directive.loc)).toBe(span);
  });

  test('a continued comment swallows the next line, as httpd reads it', () => {
    const { nodes } = parseApache('# note \\\nListen 80\nListen 81\n', 'f');
    expect(nodes.map((n) => (n.type === 'comment' ? `#${n.text}@${at(n.loc)}` : `${n.name}@${at(n.loc)}`))).toEqual([
      '# note Listen 80@1:1-2:10',
      'Listen@3:1-3:10',
    ]);
  });

  test('argument positions span physical lines', () => {
    const directive = only('Alias /a \\\n    "/srv/x y"\n');
    expect(directive.args.map((a) => [a.raw, at(a.loc)])).toEqual([
      ['/a', '1:7-1:9'],
      ['"/srv/x y"', '2:5-2:15'],
    ]);
  });
});

describe('words (ap_getword_conf)', () => {
  test.each([
    // source line, [value, raw, quote, span]
    ['X a "b c" \'d e\'', [['a', 'a', 'none', '1:3-1:4'], ['b c', '"b c"', 'double', '1:5-1:10'], ['d e', "'d e'", 'single', '1:11-1:16']]],
    ['X "a\\"b"', [['a"b', '"a\\"b"', 'double', '1:3-1:9']]],
    ['X "a\\\\b"', [['a\\b', '"a\\\\b"', 'double', '1:3-1:9']]],
    // Only the word's own quote and the backslash are escapes.
    ['X "a\\\'b"', [["a\\'b", '"a\\\'b"', 'double', '1:3-1:9']]],
    ["X 'a\\'b'", [["a'b", "'a\\'b'", 'single', '1:3-1:9']]],
    ['X a\\\\b', [['a\\b', 'a\\\\b', 'none', '1:3-1:7']]],
    ['X a\\"b', [['a\\"b', 'a\\"b', 'none', '1:3-1:7']]],
    // A closing quote ends the word even without a blank after it.
    ['X "a"b', [['a', '"a"', 'double', '1:3-1:6'], ['b', 'b', 'none', '1:6-1:7']]],
    // Quotes inside an unquoted word are plain characters.
    ['X a"b c"', [['a"b', 'a"b', 'none', '1:3-1:6'], ['c"', 'c"', 'none', '1:7-1:9']]],
    ['X ""', [['', '""', 'double', '1:3-1:5']]],
    ['X a#b #c', [['a#b', 'a#b', 'none', '1:3-1:6'], ['#c', '#c', 'none', '1:7-1:9']]],
    ['X é"𝄞"', [['é"𝄞"', 'é"𝄞"', 'none', '1:3-1:8']]],
  ])('%s', (source, expected) => {
    const directive = only(source);
    expect(directive.args.map((a) => [a.value, a.raw, a.quote, at(a.loc)])).toEqual(expected);
  });

  test('an unterminated quote takes the rest of the line, with a warning', () => {
    const { nodes, diagnostics } = parseApache('Header set X "a b\n', 'f');
    expect(directives(nodes)[0]?.args.map((a) => a.value)).toEqual(['set', 'X', 'a b']);
    expect(diagnostics.map((d) => [d.code, d.severity, at(d.loc)])).toEqual([['unterminated-quote', 'warning', '1:14-1:18']]);
  });
});

describe('comments', () => {
  test.each([
    ['# a comment', [['comment', ' a comment', '1:1-1:12']]],
    ['   #indented', [['comment', 'indented', '1:4-1:13']]],
    ['#', [['comment', '', '1:1-1:2']]],
    ['Listen 80 # not a comment', [['Listen', '80,#,not,a,comment', '1:1-1:26']]],
    ['\n\n  \n#x\n', [['comment', 'x', '4:1-4:3']]],
  ])('%j', (source, expected) => {
    const { nodes } = parseApache(source, 'f');
    expect(nodes.map((n) => (n.type === 'comment' ? ['comment', n.text, at(n.loc)] : [n.name, n.args.map((a) => a.value).join(), at(n.loc)]))).toEqual(expected);
  });
});

describe('sections', () => {
  test('nesting, names without <, case-insensitive closing, spans to the closing tag', () => {
    const { nodes, diagnostics } = parseApache(
      ['<VirtualHost *:80>', '  <Directory "/srv/www">', '    Require all granted', '  </DIRECTORY>', '</virtualhost>', ''].join('\n'),
      'f',
    );
    expect(diagnostics).toEqual([]);
    const vhost = directives(nodes)[0] as Directive;
    const dir = directives(vhost.children ?? [])[0] as Directive;
    expect([vhost.name, vhost.lowerName, vhost.args.map((a) => a.value), at(vhost.nameLoc), at(vhost.loc)]).toEqual([
      'VirtualHost', 'virtualhost', ['*:80'], '1:1-1:13', '1:1-5:15',
    ]);
    expect([dir.name, dir.args.map((a) => [a.value, at(a.loc)]), at(dir.loc)]).toEqual(['Directory', [['/srv/www', '2:14-2:24']], '2:3-4:15']);
    expect(directives(dir.children ?? []).map((d) => [d.name, at(d.loc)])).toEqual([['Require', '3:5-3:24']]);
  });

  test.each([
    ['<Directory>\n</Directory>', 'Directory', []],
    ['<Location />\n</Location>', 'Location', ['/']],
    // The arguments end at the last '>' of the line; anything after it is dropped.
    ['<If "%{REQUEST_URI} =~ m#>#">\n</If>', 'If', ['%{REQUEST_URI} =~ m#>#']],
    ['<Files *.php>  \n</Files>', 'Files', ['*.php']],
    ['<IfModule mod_ssl.c>x\n</IfModule>', 'IfModule', ['mod_ssl.c']],
  ])('%j', (source, name, args) => {
    const section = only(source);
    expect([section.name, section.args.map((a) => a.value)]).toEqual([name, args]);
  });

  test.each([
    // source, [code, message, span]
    ['</Directory>', [['unexpected-close', '</Directory> without matching <Directory> section', '1:1-1:13']]],
    ['<Directory /x>\n</Files>\n</Directory>', [['mismatched-close', 'Expected </Directory> but saw </Files>', '2:1-2:9']]],
    ['<Directory /x>\n', [['unclosed-section', '<Directory> was not closed.', '1:1-1:15']]],
    ['<Directory /x>\n<Files a>\n', [
      ['unclosed-section', '<Directory> was not closed.', '1:1-1:15'],
      ['unclosed-section', '<Files> was not closed.', '2:1-2:10'],
    ]],
    ['<Directory /x\n</Directory>', [['section-missing-bracket', "<Directory> directive missing closing '>'", '1:1-1:11']]],
    ['<Directory> /x\n</Directory>', [['section-missing-bracket', "<Directory> directive missing closing '>'", '1:1-1:12']]],
    ['<Directory /x>\n</Directory >', [['malformed-close', "</Directory> directive missing closing '>'", '2:1-2:12']]],
    ['<Directory /x>\n</Directory>junk', [['malformed-close', "</Directory>junk> directive missing closing '>'", '2:1-2:17']]],
    // Recovery: a closing tag for an outer section closes the inner ones too.
    ['<VirtualHost *>\n<Directory /x>\n</VirtualHost>\nListen 80', [['mismatched-close', 'Expected </Directory> but saw </VirtualHost>', '3:1-3:15']]],
  ])('%j', (source, expected) => {
    const { diagnostics } = parseApache(source, 'f');
    expect(diagnostics.map((d) => [d.code, d.message, at(d.loc)])).toEqual(expected);
  });

  test('after a mismatched close the following directives land at the right depth', () => {
    const { nodes } = parseApache('<VirtualHost *>\n<Directory /x>\n</VirtualHost>\nListen 80\n', 'f');
    expect(directives(nodes).map((d) => d.name)).toEqual(['VirtualHost', 'Listen']);
  });
});

describe('bad input gives diagnostics, never exceptions', () => {
  test.each([
    ['empty', Buffer.alloc(0), []],
    ['only blanks', '  \n\t\n', []],
    ['binary', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01, 0x0a, 0xff]), ['invalid-utf8', 'binary-content']],
    ['invalid UTF-8', Buffer.from([0x4c, 0x69, 0x73, 0x74, 0x65, 0x6e, 0x20, 0xc3, 0x28]), ['invalid-utf8']],
    ['BOM', Buffer.from('\uFEFFListen 80\n'), []],
  ])('%s', (_name, input, codes) => {
    const { diagnostics } = parseApache(input, 'f');
    expect(diagnostics.map((d) => d.code)).toEqual(codes);
  });

  test('10,000 nested sections: flattened past the depth limit, every one reported unclosed', () => {
    const depth = 10_000;
    const { nodes, diagnostics } = parseApache('<Directory /x>\n'.repeat(depth), 'f');
    expect(nodes).toHaveLength(1);
    expect(diagnostics.filter((d) => d.code === 'unclosed-section')).toHaveLength(depth);
    expect(diagnostics.filter((d) => d.code === 'nesting-too-deep')).toHaveLength(1);
  });

  test('10,000 nested and closed sections parse without errors', () => {
    const depth = 10_000;
    const { diagnostics } = parseApache('<IfModule a>\n'.repeat(depth) + '</IfModule>\n'.repeat(depth), 'f');
    expect(diagnostics.map((d) => d.code)).toEqual(['nesting-too-deep']);
  });
});
