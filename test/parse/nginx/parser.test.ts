import { describe, expect, it } from 'vitest';
import { parseNginx } from '../../../src/parse/nginx/index.js';
import { describeDiagnostic, outline, type Outline } from './summarize.js';

/**
 * What nginx's `ngx_conf_read_token` makes of each construct, with every value, quote style and
 * span (`line:column-endLine:endColumn`, 1-based, UTF-16 columns, exclusive end). A directive's
 * `at` is `name span / whole span`; an argument is `value quote span`.
 */
const accepted: { name: string; src: string; tree: Outline[] }[] = [
  {
    name: 'words separated by white space, ended by ;',
    src: 'listen 80;',
    tree: [{ directive: 'listen', at: '1:1-1:7 / 1:1-1:11', args: ['"80" none 1:8-1:10'] }],
  },
  {
    name: 'double and single quotes with escaped quotes; \\\\ in a bare word',
    src: `a "b\\"c" 'd\\'e' f\\\\g;`,
    tree: [{ directive: 'a', at: '1:1-1:2 / 1:1-1:22', args: ['"b\\"c" double 1:3-1:9', `"d'e" single 1:10-1:16`, '"f\\\\g" none 1:17-1:21'] }],
  },
  {
    name: '\\t and \\n decode everywhere; other escapes keep their backslash',
    src: 'a x\\ty "x\\ny" "\\\\d" \\$x;',
    tree: [{ directive: 'a', at: '1:1-1:2 / 1:1-1:25', args: ['"x\\ty" none 1:3-1:7', '"x\\ny" double 1:8-1:14', '"\\\\d" double 1:15-1:20', '"\\\\$x" none 1:21-1:24'] }],
  },
  {
    name: '${var} keeps its braces: a { right after $ does not open a block',
    src: 'set $a ${b}c;',
    tree: [{ directive: 'set', at: '1:1-1:4 / 1:1-1:14', args: ['"$a" none 1:5-1:7', '"${b}c" none 1:8-1:13'] }],
  },
  {
    name: 'braces inside a quoted regex',
    src: 'location ~ "^/(a|b){2}" { }',
    tree: [{ directive: 'location', at: '1:1-1:9 / 1:1-1:28', args: ['"~" none 1:10-1:11', '"^/(a|b){2}" double 1:12-1:24'], children: [] }],
  },
  {
    name: 'comments between arguments follow the directive; # inside a word is text',
    src: 'a #c1\n  b # c2\n;\nx y#z;',
    tree: [
      { directive: 'a', at: '1:1-1:2 / 1:1-3:2', args: ['"b" none 2:3-2:4'] },
      '#c1 @1:3-1:6',
      '# c2 @2:5-2:9',
      { directive: 'x', at: '4:1-4:2 / 4:1-4:7', args: ['"y#z" none 4:3-4:6'] },
    ],
  },
  {
    name: 'a } inside a bare word is text (nginx only ends words at white space, ; and {)',
    src: 'ab}c;',
    tree: [{ directive: 'ab}c', at: '1:1-1:5 / 1:1-1:6', args: [] }],
  },
  {
    name: ') may follow a closing quote, as in if ($a = "b")',
    src: 'if ($a = "b") { }',
    tree: [{ directive: 'if', at: '1:1-1:3 / 1:1-1:18', args: ['"($a" none 1:4-1:7', '"=" none 1:8-1:9', '"b" double 1:10-1:13', '")" none 1:13-1:14'], children: [] }],
  },
  {
    name: 'a quoted value spanning lines',
    src: 'a "x\ny" z;',
    tree: [{ directive: 'a', at: '1:1-1:2 / 1:1-2:6', args: ['"x\\ny" double 1:3-2:3', '"z" none 2:4-2:5'] }],
  },
  {
    name: 'columns count UTF-16 code units',
    src: 'é "ü" 😀x;',
    tree: [{ directive: 'é', at: '1:1-1:2 / 1:1-1:11', args: ['"ü" double 1:3-1:6', '"😀x" none 1:7-1:10'] }],
  },
  {
    name: 'a Lua block is kept raw: braces in Lua strings, comments and long brackets do not count',
    src: 'content_by_lua_block { ngx.say("}") -- }\n local t = { [[}]] } }',
    tree: [{ directive: 'content_by_lua_block', at: '1:1-1:21 / 1:1-2:23', args: [], rawBody: '" ngx.say(\\"}\\") -- }\\n local t = { [[}]] } " @1:23-2:22' }],
  },
  {
    name: 'Lua long brackets of any level, long comments and escaped quotes hide braces',
    src: "access_by_lua_block { local s = [==[ } ]] ]==] --[[ } ]] local q = 'it\\'s }' }",
    tree: [{ directive: 'access_by_lua_block', at: '1:1-1:20 / 1:1-1:79', args: [], rawBody: `" local s = [==[ } ]] ]==] --[[ } ]] local q = 'it\\\\'s }' " @1:22-1:78` }],
  },
  {
    name: 'set_by_lua_block takes a variable before its Lua body',
    src: 'set_by_lua_block $res { return 1 }',
    tree: [{ directive: 'set_by_lua_block', at: '1:1-1:17 / 1:1-1:35', args: ['"$res" none 1:18-1:22'], rawBody: '" return 1 " @1:24-1:34' }],
  },
  {
    name: 'a space before ; after a quote',
    src: 'a "x" ; b;',
    tree: [
      { directive: 'a', at: '1:1-1:2 / 1:1-1:8', args: ['"x" double 1:3-1:6'] },
      { directive: 'b', at: '1:9-1:10 / 1:9-1:11', args: [] },
    ],
  },
  {
    name: 'escaped braces and ; in a bare word',
    src: 'location /\\{\\;\\} {}',
    tree: [{ directive: 'location', at: '1:1-1:9 / 1:1-1:20', args: ['"/\\\\{\\\\;\\\\}" none 1:10-1:17'], children: [] }],
  },
  {
    name: 'CR LF line ends: CR is white space, lines count LF',
    src: 'a\r\nb;\r\n# c\r\n',
    tree: [{ directive: 'a', at: '1:1-1:2 / 1:1-2:3', args: ['"b" none 2:1-2:2'] }, '# c @3:1-3:4'],
  },
  {
    name: 'server has no block in upstream',
    src: 'upstream u { server 127.0.0.1; }',
    tree: [{ directive: 'upstream', at: '1:1-1:9 / 1:1-1:33', args: ['"u" none 1:10-1:11'], children: [{ directive: 'server', at: '1:14-1:20 / 1:14-1:31', args: ['"127.0.0.1" none 1:21-1:30'] }] }],
  },
  {
    name: 'a lone `server;` snippet: its context is unknown, so either form may be right',
    src: 'server;',
    tree: [{ directive: 'server', at: '1:1-1:7 / 1:1-1:8', args: [] }],
  },
  {
    name: 'types entries are not directives',
    src: 'http { types { text/html html; } }',
    tree: [{ directive: 'http', at: '1:1-1:5 / 1:1-1:35', args: [], children: [{ directive: 'types', at: '1:8-1:13 / 1:8-1:33', args: [], children: [{ directive: 'text/html', at: '1:16-1:25 / 1:16-1:31', args: ['"html" none 1:26-1:30'] }] }] }],
  },
  { name: 'empty file', src: '', tree: [] },
  { name: 'only blank lines', src: '\n\n', tree: [] },
];

describe('parseNginx: constructs nginx accepts', () => {
  it.each(accepted)('$name', ({ src, tree }) => {
    const result = parseNginx(src, 'x.conf');
    expect(result.diagnostics.map(describeDiagnostic)).toEqual([]);
    expect(outline(result.nodes)).toEqual(tree);
  });
});

/**
 * Each error with nginx's own wording at the line (and column) of the character nginx stops at,
 * and the tree the reader recovers.
 */
const rejected: { name: string; src: string; diagnostics: string[]; tree: Outline[] }[] = [
  {
    name: 'text glued to a closing quote',
    src: '"left"-quote;',
    diagnostics: ['1:7 unexpected-character: unexpected "-"'],
    tree: [{ directive: 'left', at: '1:1-1:7 / 1:1-1:14', args: ['"-quote" none 1:7-1:13'] }],
  },
  {
    name: 'a character outside the BMP glued to a quote is named whole',
    src: '"a"😀;',
    diagnostics: ['1:4 unexpected-character: unexpected "😀"'],
    tree: [{ directive: 'a', at: '1:1-1:4 / 1:1-1:7', args: ['"😀" none 1:4-1:6'] }],
  },
  {
    name: '# glued to a closing quote is text, not a comment',
    src: 'a "b"#c;',
    diagnostics: ['1:6 unexpected-character: unexpected "#"'],
    tree: [{ directive: 'a', at: '1:1-1:2 / 1:1-1:9', args: ['"b" double 1:3-1:6', '"#c" none 1:6-1:8'] }],
  },
  {
    name: '} glued to a closing quote',
    src: 'a "b"};',
    diagnostics: ['1:6 unexpected-close: unexpected "}"', '1:7 unexpected-semicolon: unexpected ";"'],
    tree: [{ directive: 'a', at: '1:1-1:2 / 1:1-1:6', args: ['"b" double 1:3-1:6'] }],
  },
  { name: '; with no directive', src: ';', diagnostics: ['1:1 unexpected-semicolon: unexpected ";"'], tree: [] },
  {
    name: '{ with no directive: its content is read into the parent',
    src: '{ a; }',
    diagnostics: ['1:1 unexpected-open: unexpected "{"'],
    tree: [{ directive: 'a', at: '1:3-1:4 / 1:3-1:5', args: [] }],
  },
  { name: '} at the top level', src: '}', diagnostics: ['1:1 unexpected-close: unexpected "}"'], tree: [] },
  {
    name: '} after arguments with no ;',
    src: 'a b }',
    diagnostics: ['1:5 unexpected-close: unexpected "}"'],
    tree: [{ directive: 'a', at: '1:1-1:2 / 1:1-1:4', args: ['"b" none 1:3-1:4'] }],
  },
  {
    name: 'block never closed',
    src: 'http { a;',
    diagnostics: ['1:10 unclosed-block: unexpected end of file, expecting "}"'],
    tree: [{ directive: 'http', at: '1:1-1:5 / 1:1-1:10', args: [], children: [{ directive: 'a', at: '1:8-1:9 / 1:8-1:10', args: [] }] }],
  },
  {
    name: 'last directive never ended',
    src: 'a b',
    diagnostics: ['1:4 unexpected-eof: unexpected end of file, expecting ";" or "}"'],
    tree: [{ directive: 'a', at: '1:1-1:2 / 1:1-1:4', args: ['"b" none 1:3-1:4'] }],
  },
  {
    name: 'unterminated double quote: nginx names the last line',
    src: 'a "b\nc',
    diagnostics: ['2:2 unterminated-quote: unexpected end of file, expecting ";" or "}" (the double quote opened on line 1 is never closed)'],
    tree: [{ directive: 'a', at: '1:1-1:2 / 1:1-2:2', args: ['"b\\nc" double 1:3-2:2'] }],
  },
  {
    name: 'unterminated single quote',
    src: "a 'b",
    diagnostics: ['1:5 unterminated-quote: unexpected end of file, expecting ";" or "}" (the single quote opened on line 1 is never closed)'],
    tree: [{ directive: 'a', at: '1:1-1:2 / 1:1-1:5', args: ['"b" single 1:3-1:5'] }],
  },
  {
    name: 'a simple directive given a block',
    src: 'http { server { listen 80 { } } }',
    diagnostics: ['1:27 missing-semicolon: directive "listen" is not terminated by ";"'],
    tree: [{ directive: 'http', at: '1:1-1:5 / 1:1-1:34', args: [], children: [{ directive: 'server', at: '1:8-1:14 / 1:8-1:32', args: [], children: [{ directive: 'listen', at: '1:17-1:23 / 1:17-1:30', args: ['"80" none 1:24-1:26'], children: [] }] }] }],
  },
  {
    name: 'a block directive ended by ;',
    src: 'http { server; }',
    diagnostics: ['1:14 missing-opening-brace: directive "server" has no opening "{"'],
    tree: [{ directive: 'http', at: '1:1-1:5 / 1:1-1:17', args: [], children: [{ directive: 'server', at: '1:8-1:14 / 1:8-1:15', args: [] }] }],
  },
  {
    name: 'an unquoted regex with {} in a map: the entry keeps its braces and the map goes on',
    src: 'http { map $a $b { ~^x{1} 1; default 0; } }',
    diagnostics: ['1:23 unexpected-open: unexpected "{"'],
    tree: [{ directive: 'http', at: '1:1-1:5 / 1:1-1:44', args: [], children: [{ directive: 'map', at: '1:8-1:11 / 1:8-1:42', args: ['"$a" none 1:12-1:14', '"$b" none 1:15-1:17'], children: [{ directive: '~^x{1}', at: '1:20-1:26 / 1:20-1:29', args: ['"1" none 1:27-1:28'] }, { directive: 'default', at: '1:30-1:37 / 1:30-1:40', args: ['"0" none 1:38-1:39'] }] }] }],
  },
  {
    name: 'Lua code never closed',
    src: 'content_by_lua_block { if x then',
    diagnostics: ['1:33 unclosed-lua-block: unexpected end of file in the Lua code of "content_by_lua_block", expecting "}"'],
    tree: [{ directive: 'content_by_lua_block', at: '1:1-1:21 / 1:1-1:33', args: [], rawBody: '" if x then" @1:23-1:33' }],
  },
  {
    name: 'NUL bytes are ordinary bytes to nginx',
    src: 'a\0b c\0;\0',
    diagnostics: ['1:9 unexpected-eof: unexpected end of file, expecting ";" or "}"'],
    tree: [{ directive: 'a\0b', at: '1:1-1:4 / 1:1-1:8', args: ['"c\\u0000" none 1:5-1:7'] }, { directive: '\0', at: '1:8-1:9 / 1:8-1:9', args: [] }],
  },
];

describe('parseNginx: errors nginx reports, and recovery', () => {
  it.each(rejected)('$name', ({ src, diagnostics, tree }) => {
    const result = parseNginx(src, 'x.conf');
    expect(result.diagnostics.map(describeDiagnostic)).toEqual(diagnostics);
    expect(outline(result.nodes)).toEqual(tree);
  });
});
