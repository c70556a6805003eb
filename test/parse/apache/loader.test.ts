import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import type { Directive, Node, ParsedConfig, SourceLocation } from '../../../src/parse/ast.js';
import { isDirective } from '../../../src/parse/ast.js';
import { LiveFs } from '../../../src/fs/live-fs.js';
import { loadApacheConfig, type ApacheLoadOptions } from '../../../src/parse/apache/index.js';

const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

/** A server tree in a temp root: file contents, or `{ link }` for a symlink. */
type Tree = Record<string, string | { link: string }>;

function serverTree(tree: Tree): LiveFs {
  const root = mkdtempSync(join(tmpdir(), 'forbidlint-apache-load-'));
  temps.push(root);
  for (const [path, content] of Object.entries(tree)) {
    const host = join(root, path);
    mkdirSync(dirname(host), { recursive: true });
    if (typeof content === 'string') writeFileSync(host, content);
    else symlinkSync(content.link, host);
  }
  return new LiveFs(root);
}

function load(tree: Tree, options: Omit<ApacheLoadOptions, 'fs'> = {}): ParsedConfig {
  return loadApacheConfig('/etc/apache2/apache2.conf', { fs: serverTree(tree), ...options });
}

/** Names and values of the directives httpd would act on, `Name a b`, in reading order. */
function active(config: ParsedConfig): string[] {
  const out: string[] = [];
  const visit = (nodes: readonly Node[]) => {
    for (const node of nodes) {
      if (!isDirective(node) || node.inactive) continue;
      if (!node.children) out.push([node.name, ...node.args.map((a) => a.value)].join(' '));
      for (const inc of node.included ?? []) visit(inc.nodes);
      if (node.children) visit(node.children);
    }
  };
  visit(config.nodes);
  return out;
}

function at(loc: SourceLocation): string {
  return `${loc.file}:${loc.line}:${loc.column}-${loc.endLine}:${loc.endColumn}`;
}

function problems(config: ParsedConfig): string[] {
  return config.diagnostics.map((d) => `${d.severity} ${d.code} ${d.message} @${at(d.loc)}`);
}

describe('lines and words as apache2 -t reads them', () => {
  test.each([
    // config text whose first error is an Include of a missing path, and that path
    ['Include /fv/a\\\nb\n', '/fv/ab'],
    ['Include /fv/a\\\r\nb\n', '/fv/ab'],
    ['Include "/fv/a \\\n b"\n', '/fv/a  b'],
    ['Include "/fv/a b"\n', '/fv/a b'],
    ["Include '/fv/a\\'b'\n", "/fv/a'b"],
    ['Include "/fv/a\\"b"\n', '/fv/a"b'],
    ['Include /fv/a"b"\n', '/fv/a"b"'],
    ['Include "/fv/unterminated\n', '/fv/unterminated'],
    ['   Include \t /fv/x   \r\n', '/fv/x'],
    ['Include /fv/end \\\n', '/fv/end'],
    ['# a comment \\\nInclude /fv/swallowed\nInclude /fv/next\n', '/fv/next'],
    ['"Include" /fv/quoted-name\n', '/fv/quoted-name'],
    ['INCLUDE /fv/any-case\n', '/fv/any-case'],
  ])('%j', (text, path) => {
    const fs = serverTree({ 'etc/apache2/apache2.conf': text });
    const message = `Could not open configuration file ${path}: No such file or directory`;
    expect(ourReadError(fs)).toBe(message);
    expect(httpdReadError(fs)).toBe(message);
  });
});

describe('Define, UnDefine and ${VAR}', () => {
  test.each([
    // config lines, active directives afterwards
    [['Define root /srv/www', 'DocumentRoot ${root}/html'], ['Define root /srv/www', 'DocumentRoot /srv/www/html']],
    [['Define q "a b"', 'Header set X "${q}"'], ['Define q a b', 'Header set X a b']],
    // httpd substitutes the whole line before splitting it: a value with blanks makes more words.
    [['Define two "a b"', 'ServerAlias ${two}'], ['Define two a b', 'ServerAlias a b']],
    // An empty value is no value: ${none} stays undefined, as httpd warns.
    [['Define none ""', 'ServerAlias x ${none}'], ['Define none ', 'ServerAlias x ${none}']],
    [['Define e x', 'Define e ""', 'Listen ${e}'], ['Define e x', 'Define e ', 'Listen x']],
    [['Define user wwwrun', 'User ${user}', 'UnDefine user', 'Group ${user}'], ['Define user wwwrun', 'User wwwrun', 'UnDefine user', 'Group ${user}']],
    // The substituted text is not scanned again.
    [['Define a ${b}', 'Define b x', 'Listen ${a}'], ['Define a ${b}', 'Define b x', 'Listen ${b}']],
    // A Define inside a section httpd skips never happens.
    [['<IfDefine NOPE>', 'Define port 81', '</IfDefine>', 'Listen ${port}'], ['Listen ${port}']],
  ])('%j', (lines, expected) => {
    expect(active(load({ 'etc/apache2/apache2.conf': lines.join('\n') }))).toEqual(expected);
  });

  test.each([
    // config lines whose last Include fails on a path that shows the substituted value
    [['Define root /fv/srv', 'Include ${root}/html'], '/fv/srv/html'],
    [['Define q "a b"', 'Include "/fv/${q}"'], '/fv/a b'],
    [['Define none ""', 'Include /fv/x${none}'], '/fv/x${none}'],
    [['Define e x', 'Define e ""', 'Include /fv/${e}'], '/fv/x'],
    [['Define user wwwrun', 'UnDefine user', 'Include /fv/${user}'], '/fv/${user}'],
    [['Define a ${b}', 'Define b x', 'Include /fv/${a}'], '/fv/${b}'],
    [['<IfDefine NOPE>', 'Define port 81', '</IfDefine>', 'Include /fv/${port}'], '/fv/${port}'],
    [['Define flag', 'Include /fv/${flag}'], '/fv/${flag}'],
    // Substitution happens in the line before it is split: quotes in a value count.
    [['Define p "/fv/a\\"b"', 'Include ${p}'], '/fv/a"b'],
    [['Define p "\\"/fv/x y\\""', 'Include ${p}'], '/fv/x y'],
  ])('%j substitutes %s, as apache2 -t does', (lines, path) => {
    const fs = serverTree({ 'etc/apache2/apache2.conf': `${lines.join('\n')}\n` });
    const message = `Could not open configuration file ${path}: No such file or directory`;
    expect(ourReadError(fs)).toBe(message);
    expect(httpdReadError(fs)).toBe(message);
  });

  test('an undefined variable stays verbatim and is reported at its argument, as httpd warns AH00111', () => {
    const config = load({ 'etc/apache2/apache2.conf': 'Listen 80\nErrorLog ${LOGS}/error.log\n' });
    expect(active(config)).toEqual(['Listen 80', 'ErrorLog ${LOGS}/error.log']);
    expect(problems(config)).toEqual([
      'warning undefined-variable Config variable ${LOGS} is not defined @/etc/apache2/apache2.conf:2:10-2:27',
    ]);
  });

  test('`Define NAME` without a value answers <IfDefine> but gives ${NAME} no value', () => {
    const config = load({ 'etc/apache2/apache2.conf': 'Define flag\n<IfDefine flag>\nListen ${flag}\n</IfDefine>\n' });
    expect(active(config)).toEqual(['Define flag', 'Listen ${flag}']);
  });

  test('Define wins over the environment; the environment comes from envvars', () => {
    const config = load({
      'etc/apache2/envvars': 'export APACHE_RUN_USER=www-data\nexport APACHE_LOG_DIR=/var/log/apache2$SUFFIX\n',
      'etc/apache2/apache2.conf': 'User ${APACHE_RUN_USER}\nDefine APACHE_RUN_USER admin\nGroup ${APACHE_RUN_USER}\nErrorLog ${APACHE_LOG_DIR}/e.log\n',
    });
    expect(active(config)).toEqual(['User www-data', 'Define APACHE_RUN_USER admin', 'Group admin', 'ErrorLog /var/log/apache2/e.log']);
  });

  test.each([
    ['a record of values', { envvars: { WEB: 'nobody' } }, 'User nobody'],
    ['a path to an envvars file', { envvars: '/opt/env' }, 'User daemon'],
  ] as const)('envvars given as %s', (_what, options, expected) => {
    const config = load({ 'opt/env': 'export WEB=daemon\n', 'etc/apache2/apache2.conf': 'User ${WEB}\n' }, options);
    expect(active(config)).toEqual([expected]);
  });
});

describe('read-time conditions', () => {
  test.each([
    // section header, whether httpd reads what is inside
    ['<IfModule mod_version.c>', true],
    ['<IfModule version_module>', true],
    ['<IfModule log_config_module>', true],
    ['<IfModule !mod_version.c>', false],
    ['<IfModule mod_ssl.c>', false],
    ['<IfModule !ssl_module>', true],
    ['<IfModule rewrite_module>', true],
    ['<IfModule mod_rewrite.c>', true],
    ['<IfModule mpm_prefork_module>', true],
    ['<IfModule prefork.c>', true],
    ['<IfModule mod_mpm_prefork.c>', false],
    ['<IfModule headers_module>', false],
    ['<IfDefine BUILD>', true],
    ['<IfDefine !BUILD>', false],
    ['<IfDefine SET_IN_FILE>', true],
    ['<IfDefine build>', false],
    ['<IfVersion >= 2.4>', true],
    ['<IfVersion < 2.4>', false],
    ['<IfVersion 2.4>', false],
    ['<IfVersion = 2.4.71>', true],
    ['<IfVersion != 2.4.71>', false],
    ['<IfVersion ~ ^2\\.4\\.>', true],
    ['<IfVersion /^2\\.2/>', false],
    ['<IfVersion !~ ^2\\.2>', true],
    ['<IfFile ${ETC}/ports.conf>', true],
    ['<IfFile ports.conf>', true],
    ['<IfFile !ports.conf>', false],
    ['<IfFile ${ETC}/missing.conf>', false],
    ['<IfDirective ServerName>', true],
    ['<IfDirective RewriteEngine>', true],
    ['<IfDirective Header>', false],
    ['<IfDirective !Header>', true],
    ['<IfSection VirtualHost>', true],
    ['<IfSection Proxy>', false],
    ['<IfSection !Proxy>', true],
  ])('%s -> %s, as apache2 -t decides', (header, holds) => {
    const name = /^<(\w+)/.exec(header)?.[1] as string;
    // ETC names the config directory: /etc/apache2 for us, its host path for the real httpd.
    const configLines = (etc: string) => [
      `Define ETC ${etc}`,
      'LoadModule rewrite_module /usr/lib/apache2/modules/mod_rewrite.so',
      'LoadModule mpm_prefork_module /usr/lib/apache2/modules/mod_mpm_prefork.so',
      'Define SET_IN_FILE',
      header,
      'ForbidlintMarker inside',
      `</${name}>`,
    ];
    const fs = serverTree({ 'etc/apache2/ports.conf': 'Listen 80\n', 'etc/apache2/apache2.conf': configLines('/etc/apache2').join('\n') });
    const config = loadApacheConfig('/etc/apache2/apache2.conf', { fs, defines: ['BUILD'] });
    expect(active(config).includes('ForbidlintMarker inside')).toBe(holds);
    const section = config.nodes.filter(isDirective).find((d) => d.children) as Directive;
    expect(section.inactive === true).toBe(!holds);
    expect(config.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);

    // The real server: an unknown directive is only an error where httpd reads it.
    const etc = join(fs.root, 'etc/apache2');
    const hostConfig = join(etc, 'httpd-check.conf');
    writeFileSync(hostConfig, [`PidFile ${etc}/httpd.pid`, `ErrorLog ${etc}/error.log`, 'ServerName localhost', ...configLines(etc), ''].join('\n'));
    const httpd = spawnSync('apache2', ['-t', '-D', 'BUILD', '-d', etc, '-f', hostConfig], { encoding: 'utf8', timeout: 20_000 });
    const output = `${httpd.stdout}${httpd.stderr}`;
    expect(output.includes("Invalid command 'ForbidlintMarker'"), output).toBe(holds);
    expect(httpd.status === 0, output).toBe(!holds);
  });

  test('a LoadModule counts only from where it is read, and not inside a skipped section', () => {
    const config = load({
      'etc/apache2/apache2.conf': [
        '<IfModule ssl_module>', 'Early ssl', '</IfModule>',
        '<IfDefine NOPE>', 'LoadModule headers_module x.so', '</IfDefine>',
        'LoadModule ssl_module /usr/lib/apache2/modules/mod_ssl.so',
        '<IfModule mod_ssl.c>', 'Late ssl', '</IfModule>',
        '<IfModule headers_module>', 'Headers', '</IfModule>',
      ].join('\n'),
    });
    expect(active(config)).toEqual(['LoadModule ssl_module /usr/lib/apache2/modules/mod_ssl.so', 'Late ssl']);
  });

  test('nested conditions: the inner one is only looked at when the outer holds', () => {
    const config = load({
      'etc/apache2/apache2.conf': '<IfModule mod_version.c>\n<IfDefine X>\nA\n</IfDefine>\n<IfDefine !X>\nB\n</IfDefine>\n</IfModule>\n',
    });
    expect(active(config)).toEqual(['B']);
  });

  test('in a skipped section only nesting is checked, as ap_soak_end_container does', () => {
    const config = load({
      'etc/apache2/apache2.conf': '<IfModule mod_nope.c>\n<Directory /x\n</Directory>\nBogus "unterminated\n</IfModule>\n',
    });
    expect(config.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  test('a condition without its argument is httpd\'s error', () => {
    const config = load({ 'etc/apache2/apache2.conf': '<IfModule !>\n</IfModule>\n' });
    expect(problems(config)).toEqual([
      'error invalid-condition <IfModule> directive requires additional arguments @/etc/apache2/apache2.conf:1:1-1:10',
    ]);
  });

  test('staticModules replaces the compiled-in list', () => {
    const config = load({ 'etc/apache2/apache2.conf': '<IfModule mod_version.c>\nA\n</IfModule>\n<IfModule mod_ssl.c>\nB\n</IfModule>\n' }, {
      staticModules: ['core.c', 'mod_ssl.c'],
    });
    expect(active(config)).toEqual(['B']);
  });
});

/**
 * The first read-time error of `apache2 -t` on `<root>/etc/apache2/apache2.conf`, wrapped in a
 * minimal server config with ServerRoot at that directory, so relative includes resolve alike.
 */
function httpdReadError(fs: LiveFs): string {
  const etc = join(fs.root, 'etc/apache2');
  const wrapper = join(etc, 'httpd-check.conf');
  writeFileSync(wrapper, [`PidFile ${etc}/httpd.pid`, `ErrorLog ${etc}/error.log`, 'ServerName localhost', `Include ${etc}/apache2.conf`, ''].join('\n'));
  const httpd = spawnSync('apache2', ['-t', '-d', etc, '-f', wrapper], { encoding: 'utf8', timeout: 20_000 });
  const output = `${httpd.stdout}${httpd.stderr}`;
  const places = [...output.matchAll(/Syntax error on line \d+ of [^:\n]+:\s*/g)];
  const last = places[places.length - 1];
  return last ? output.slice((last.index ?? 0) + last[0].length).split('\n')[0]?.trim() ?? '' : output;
}

/** Our first error on the same tree read at its host path, as httpd reads it. */
function ourReadError(fs: LiveFs): string | undefined {
  const config = loadApacheConfig(join(fs.root, 'etc/apache2/apache2.conf'), { fs: new LiveFs('/'), envvars: {} });
  return config.diagnostics.find((d) => d.severity === 'error')?.message;
}

describe('Include and IncludeOptional', () => {
  test.each([
    // include line, files in the tree (under etc/apache2), the files read, in order
    ['Include sites/*.conf', ['sites/b.conf', 'sites/a.conf', 'sites/c.txt', 'sites/.hidden.conf'], ['sites/a.conf', 'sites/b.conf']],
    ['Include sites/[ab].conf', ['sites/a.conf', 'sites/b.conf', 'sites/c.conf'], ['sites/a.conf', 'sites/b.conf']],
    ['Include sites/[!a]?.conf', ['sites/a1.conf', 'sites/b1.conf', 'sites/c.conf'], ['sites/b1.conf']],
    ['Include sites/.*.conf', ['sites/.h.conf', 'sites/a.conf'], ['sites/.h.conf']],
    // A leading period only matches a literal '.', not a bracket (APR_FNM_PERIOD).
    ['IncludeOptional sites/[.]h.conf', ['sites/.h.conf'], []],
    // A wildcard that matches a directory includes all of it.
    ['Include w/*', ['w/.dot.conf', 'w/x.conf.d/in.txt'], ['w/x.conf.d/in.txt']],
    // An escaped star is a plain character, but the bracket still makes it a pattern.
    ['Include sites/a\\*[.]conf', ['sites/a*.conf', 'sites/ab.conf'], ['sites/a*.conf']],
    // Wildcards in directory components; only directories continue.
    ['Include vhosts/*/site.conf', ['vhosts/b/site.conf', 'vhosts/a/site.conf', 'vhosts/c.txt'], ['vhosts/a/site.conf', 'vhosts/b/site.conf']],
    ['Include vhosts/*/site.conf', ['vhosts/a/site.conf', 'vhosts/b/site.conf/x'], ['vhosts/a/site.conf', 'vhosts/b/site.conf/x']],
    ['Include */*/x.conf', ['a/b/x.conf', 'a/c.conf'], ['a/b/x.conf']],
    // A directory stands for all its files, hidden ones too, sorted, recursively.
    ['Include conf.d', ['conf.d/b.conf', 'conf.d/a.conf', 'conf.d/.dot', 'conf.d/sub/z.conf'], ['conf.d/.dot', 'conf.d/a.conf', 'conf.d/b.conf', 'conf.d/sub/z.conf']],
    ['Include conf.d/', ['conf.d/a.conf'], ['conf.d/a.conf']],
    ['Include ${ETC}/one.conf', ['one.conf'], ['one.conf']],
    ['IncludeOptional sites/*.conf', ['sites/a.txt'], []],
    ['IncludeOptional missing.conf', [], []],
    ['IncludeOptional nodir/*/x.conf', [], []],
  ])('%s with %j reads the same files in the same order as apache2 -t', (include, files, expected) => {
    // Each file appends its name to ORDER; the last Include fails on a path naming them all.
    const label = (file: string) => file.replace(/[*?[\]]/g, '_');
    const config = (etc: string) => [`Define ETC ${etc}`, 'Define ORDER start', include, 'Include /forbidlint-order/${ORDER}', ''].join('\n');
    const tree: Tree = { 'etc/apache2/apache2.conf': config('/etc/apache2') };
    for (const file of files) tree[`etc/apache2/${file}`] = `Define ORDER \${ORDER}:${label(file)}\n`;
    const fs = serverTree(tree);
    const order = `Could not open configuration file /forbidlint-order/${['start', ...expected.map(label)].join(':')}: No such file or directory`;
    const loaded = loadApacheConfig('/etc/apache2/apache2.conf', { fs, envvars: {} });
    expect(loaded.diagnostics.map((d) => d.message)).toEqual([order]);

    writeFileSync(join(fs.root, 'etc/apache2/apache2.conf'), config(join(fs.root, 'etc/apache2')));
    expect(ourReadError(fs)).toBe(order);
    expect(httpdReadError(fs)).toBe(order);
  });

  test.each([
    ['Include missing.conf', 'include-not-found'],
    ['Include sites/*.conf', 'include-no-match'],
    ['Include nodir/*.conf', 'include-not-found'],
    ['Include */nope.conf', 'include-not-found'],
  ])('%s is an error at the Include line, worded as apache2 -t words it', (include, code) => {
    const fs = serverTree({ 'etc/apache2/apache2.conf': `Listen 80\n  ${include}\n`, 'etc/apache2/sites/readme': 'x' });
    const config = loadApacheConfig('/etc/apache2/apache2.conf', { fs });
    expect(config.diagnostics.map((d) => [d.code, at(d.loc)])).toEqual([[code, `/etc/apache2/apache2.conf:2:3-2:${3 + include.length}`]]);
    expect(ourReadError(fs)).toBe(httpdReadError(fs));
  });

  test('an include cycle is reported at the Include that closes it and not followed', () => {
    const config = load({
      'etc/apache2/apache2.conf': 'Include a.conf\n',
      'etc/apache2/a.conf': 'A\nInclude b.conf\n',
      'etc/apache2/b.conf': 'B\nInclude a.conf\n',
    });
    expect(active(config)).toEqual(['Include a.conf', 'A', 'Include b.conf', 'B', 'Include a.conf']);
    expect(problems(config)).toEqual([
      'error include-cycle /etc/apache2/a.conf includes itself: /etc/apache2/apache2.conf -> /etc/apache2/a.conf -> /etc/apache2/b.conf -> /etc/apache2/a.conf @/etc/apache2/b.conf:2:1-2:15',
    ]);
  });

  test('included files keep their own positions, kind and order; the Include carries them', () => {
    const config = load({
      'etc/apache2/apache2.conf': '# main\nInclude mods/*.load\n',
      'etc/apache2/mods/b.load': '\n  LoadModule b_module b.so\n',
      'etc/apache2/mods/a.load': 'LoadModule a_module a.so\n',
    });
    expect(config.files.map((f) => [f.file, f.kind])).toEqual([
      ['/etc/apache2/apache2.conf', 'main'],
      ['/etc/apache2/mods/a.load', 'included'],
      ['/etc/apache2/mods/b.load', 'included'],
    ]);
    const include = config.nodes.filter(isDirective)[0] as Directive;
    expect(include.included?.map((f) => f.file)).toEqual(['/etc/apache2/mods/a.load', '/etc/apache2/mods/b.load']);
    const loadB = include.included?.[1]?.nodes.filter(isDirective)[0] as Directive;
    expect(at(loadB.loc)).toBe('/etc/apache2/mods/b.load:2:3-2:27');
  });

  test('relative includes follow the ServerRoot read so far; the serverRoot option overrides it', () => {
    const tree: Tree = {
      'etc/apache2/apache2.conf': 'Include a.conf\nServerRoot /srv/httpd\nInclude a.conf\n',
      'etc/apache2/a.conf': 'From etc\n',
      'srv/httpd/a.conf': 'From srv\n',
      'opt/root/a.conf': 'From opt\n',
    };
    expect(active(load(tree)).filter((l) => l.startsWith('From'))).toEqual(['From etc', 'From srv']);
    expect(active(load(tree, { serverRoot: '/opt/root' })).filter((l) => l.startsWith('From'))).toEqual(['From opt', 'From opt']);
  });

  test('an Include inside a skipped section is not read', () => {
    const config = load({ 'etc/apache2/apache2.conf': '<IfModule mod_nope.c>\nInclude missing.conf\n</IfModule>\n' });
    expect(config.diagnostics).toEqual([]);
    expect(config.files).toHaveLength(1);
  });

  test('followIncludes: false reads the entry alone', () => {
    const config = load({ 'etc/apache2/apache2.conf': 'Include a.conf\n', 'etc/apache2/a.conf': 'A\n' }, { followIncludes: false });
    expect(config.files.map((f) => f.file)).toEqual(['/etc/apache2/apache2.conf']);
  });

  test('absolute paths and symlinks resolve inside the root, never on the host', () => {
    const config = load({
      'etc/apache2/apache2.conf': 'Include /etc/passwd.conf\nInclude sites-enabled/*.conf\n',
      'etc/passwd.conf': 'Inside root\n',
      'etc/apache2/sites-available/s.conf': 'Site available\n',
      'etc/apache2/sites-enabled/s.conf': { link: '../sites-available/s.conf' },
      'etc/apache2/sites-enabled/abs.conf': { link: '/etc/passwd.conf' },
    });
    expect(active(config).filter((l) => !l.startsWith('Include'))).toEqual(['Inside root', 'Inside root', 'Site available']);
    expect(config.files.map((f) => f.file)).toContain('/etc/apache2/sites-enabled/s.conf');
  });

  test('files over maxFileBytes are reported and not read', () => {
    const config = load({ 'etc/apache2/apache2.conf': 'Include big.conf\n', 'etc/apache2/big.conf': `# ${'x'.repeat(200)}\n` }, { maxFileBytes: 100 });
    expect(config.diagnostics.map((d) => [d.code, d.loc.line])).toEqual([['file-too-large', 1]]);
  });

  test('a 100 MB include is reported at its Include line without being read', () => {
    const fs = serverTree({ 'etc/apache2/apache2.conf': 'Listen 80\nInclude huge.conf\n', 'etc/apache2/huge.conf': '' });
    // A sparse file: 100 MB long, no disk used.
    truncateSync(join(fs.root, 'etc/apache2/huge.conf'), 100 * 1024 * 1024);
    const config = loadApacheConfig('/etc/apache2/apache2.conf', { fs });
    expect(problems(config)).toEqual([
      'error file-too-large /etc/apache2/huge.conf is 104857600 bytes, over the 67108864-byte limit; not read @/etc/apache2/apache2.conf:2:1-2:18',
    ]);
  });

  test('an unreadable entry is a diagnostic, not an exception', () => {
    const config = load({ 'etc/apache2/other.conf': 'x' });
    expect(config.nodes).toEqual([]);
    expect(config.diagnostics.map((d) => [d.code, d.loc.file])).toEqual([['file-unreadable', '/etc/apache2/apache2.conf']]);
  });
});
