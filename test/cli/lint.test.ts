import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import * as path from 'node:path';
import { runCli, tempTree, writeTree } from './run-cli.js';

const FIXTURE_PLUGIN = path.resolve(import.meta.dirname, '../../fixtures/plugins/forbidlint-plugin-example');
let dir: string;
let cleanup: () => void;

/**
 * A project with the example plugin installed: its rule reports `autoindex on` (nginx) and
 * `Options +Indexes` (Apache); its report hook drops findings under vendor/.
 */
beforeAll(() => {
  const tree = tempTree({});
  dir = tree.dir;
  cleanup = tree.cleanup;
  const files: Record<string, string> = {
    '.forbidlintrc.json': JSON.stringify({ plugins: ['example'], rules: { 'example/no-autoindex': 'error' }, ignorePatterns: ['ignored/'] }),
    'www/index.html': 'hello\n',
    'nginx/nginx.conf': 'events {}\nhttp {\n  server {\n    listen 80;\n    root @DIR@/www;\n    location /pub/ {\n      autoindex on;\n    }\n  }\n}\n',
    'apache/apache2.conf': 'DocumentRoot @DIR@/www\n<Directory @DIR@/www>\n  Options +FollowSymLinks +Indexes\n</Directory>\n',
    'vendor/nginx.conf': 'events {}\nhttp { server { root @DIR@/www; location / { autoindex on; } } }\n',
    'ignored/nginx.conf': 'events {}\nhttp { server { root @DIR@/www; location / { autoindex on; } } }\n',
    'broken/nginx.conf': 'events {\n',
    'disabled/nginx.conf': 'events {}\n# forbidlint-disable-next-line example/no-autoindex\nhttp { }\n',
    'mnt/etc/nginx/nginx.conf': 'events {}\nhttp {\n  server {\n    root /srv/www;\n    location / { autoindex on; }\n  }\n}\n',
    'mnt/srv/www/index.html': 'hello\n',
  };
  writeTree(dir, Object.fromEntries(Object.entries(files).map(([name, text]) => [name, text.replaceAll('@DIR@', dir)])));
  mkdirSync(path.join(dir, 'node_modules'));
  symlinkSync(FIXTURE_PLUGIN, path.join(dir, 'node_modules/forbidlint-plugin-example'), 'dir');
});
afterAll(() => cleanup());

const cli = (args: string[], options: { stdin?: string; isTTY?: boolean; env?: Record<string, string>; cwd?: string } = {}) => runCli(args, { cwd: dir, ...options });
const json = (stdout: string) => JSON.parse(stdout) as { filePath: string; messages: { ruleId: string | null; line: number; column: number; severity: number; message: string }[] }[];

describe('exit codes', () => {
  it.each([
    { args: ['nginx/nginx.conf'], code: 1 },
    { args: ['nginx/nginx.conf', '--rule', 'example/no-autoindex: warn'], code: 0 },
    { args: ['nginx/nginx.conf', '--rule', 'example/no-autoindex: warn', '--max-warnings', '1'], code: 0 },
    { args: ['nginx/nginx.conf', '--rule', 'example/no-autoindex: warn', '--max-warnings', '0'], code: 1, stderr: 'forbidlint found too many warnings (maximum: 0).\n' },
    { args: ['broken/nginx.conf'], code: 1 },
    { args: ['missing.conf'], code: 2, stderr: 'forbidlint: cannot read missing.conf: no such file or directory\n' },
    { args: ['--bogus'], code: 2, stderr: 'forbidlint: unknown option --bogus: see forbidlint --help\n' },
    { args: ['--fromat', 'json'], code: 2, stderr: 'forbidlint: unknown option --fromat (did you mean --format?): see forbidlint --help\n' },
    { args: ['--max-warning', '3'], code: 2, stderr: 'forbidlint: unknown option --max-warning (did you mean --max-warnings?): see forbidlint --help\n' },
    { args: ['-x'], code: 2, stderr: 'forbidlint: unknown option -x: see forbidlint --help\n' },
    { args: ['--format'], code: 2, stderr: 'forbidlint: --format needs a value: see forbidlint --help\n' },
    { args: ['--quiet=yes'], code: 2, stderr: 'forbidlint: --quiet takes no value: see forbidlint --help\n' },
    { args: ['explain', '--cleint-ip', '1.2.3.4'], code: 2, stderr: 'forbidlint: unknown option --cleint-ip (did you mean --client-ip?): see forbidlint explain --help\n' },
    { args: ['rules', '--bogus'], code: 2, stderr: 'forbidlint: unknown option --bogus: see forbidlint rules --help\n' },
    { args: ['--max-warnings', 'many'], code: 2, stderr: 'forbidlint: --max-warnings takes a whole number (-1 for no limit), not "many"\n' },
    { args: ['--web-user', 'a:b:c'], code: 2, stderr: 'forbidlint: --web-user takes USER or USER:GROUP, not "a:b:c"\n' },
    { args: ['--rule', 'example/no-autoindex'], code: 2, stderr: 'forbidlint: --rule takes "rule-id: severity", not "example/no-autoindex"\n' },
    { args: ['--rule', 'example/no-autoindex: loud'], code: 2, stderr: 'forbidlint: --rule example/no-autoindex: severity must be off, warn, error, 0, 1 or 2\n' },
    { args: ['nginx/nginx.conf', '--rule', 'nginx/nope: warn'], code: 2, stderr: 'forbidlint: --rule: rules.nginx/nope: unknown rule "nginx/nope"\n' },
    { args: ['nginx/nginx.conf', '--rule', 'example/no-autoindex: ["warn", {"allow": 1}]'], code: 2, stderr: 'forbidlint: --rule: rules.example/no-autoindex[1]: unknown key "allow"\n' },
    { args: ['nginx/nginx.conf', '--format', 'xml'], code: 2, stderr: 'forbidlint: unknown format "xml": use one of stylish, json, sarif, github, checkstyle, junit, compact, count\n' },
    { args: ['--stdin', 'nginx/nginx.conf'], code: 2, stderr: 'forbidlint: --stdin lints standard input: give no paths with it\n' },
    { args: ['--color', '--no-color'], code: 2, stderr: 'forbidlint: --color and --no-color contradict each other\n' },
    { args: ['--root', 'nowhere', 'nginx/nginx.conf'], code: 2, stderr: 'forbidlint: --root nowhere: not a directory\n' },
  ])('$args -> $code', async ({ args, code, stderr }) => {
    const run = await cli(args);
    expect(run.code).toBe(code);
    if (stderr) expect(run.stderr.startsWith(stderr)).toBe(true);
    expect(run.stderr.split('\n').length).toBeLessThanOrEqual(2);
  });

  it('a bad configuration is one line and exit code 2', async () => {
    const bad = tempTree({ '.forbidlintrc.yml': 'rules:\n  nginx/deny-all: sometimes\n', 'nginx.conf': 'events {}\n' });
    try {
      const run = await runCli(['nginx.conf'], { cwd: bad.dir });
      expect(run).toEqual({ code: 2, stdout: '', stderr: `forbidlint: ${bad.dir}/.forbidlintrc.yml: rules.nginx/deny-all: must be one of "off", "warn", "error", 0, 1, 2\n` });
    } finally {
      bad.cleanup();
    }
  });
});

describe('lint output', () => {
  it('stylish by default, with the rule’s message and position', async () => {
    const run = await cli(['nginx/nginx.conf']);
    expect(run.stdout).toBe('\nnginx/nginx.conf\n  7:7  error  `autoindex on` lists /pub/ to anyone who asks for it  example/no-autoindex\n\n\u2716 1 problem (1 error, 0 warnings)\n');
  });

  it.each([
    [[], false],
    [['--color'], true],
    [['--no-color'], false],
  ])('colors %s', async (flags, colored) => {
    expect((await cli(['nginx/nginx.conf', ...flags])).stdout.includes('\u001b[')).toBe(colored);
  });

  it('colors a terminal unless NO_COLOR is set', async () => {
    expect((await cli(['nginx/nginx.conf'], { isTTY: true })).stdout).toContain('\u001b[');
    expect((await cli(['nginx/nginx.conf'], { isTTY: true, env: { NO_COLOR: '1' } })).stdout).not.toContain('\u001b[');
  });

  it.each(['json', 'sarif', 'github', 'checkstyle', 'junit', 'compact', 'count'])('--format %s names the file and the rule', async (format) => {
    const run = await cli(['nginx/nginx.conf', '--format', format]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('nginx/nginx.conf');
    if (format !== 'count') expect(run.stdout).toContain('example/no-autoindex');
  });

  it('SARIF describes plugin rules from a nested configuration too', async () => {
    const nested = tempTree({ 'project/.keep': '', 'project/sub/.forbidlintrc.json': JSON.stringify({ plugins: ['example'], rules: { 'example/no-autoindex': 'warn' } }), 'project/sub/site.conf': 'location / { autoindex on; }\n' });
    try {
      mkdirSync(path.join(nested.dir, 'project/sub/node_modules'));
      symlinkSync(FIXTURE_PLUGIN, path.join(nested.dir, 'project/sub/node_modules/forbidlint-plugin-example'), 'dir');
      const run = await runCli(['sub/site.conf', '-f', 'sarif'], { cwd: path.join(nested.dir, 'project') });
      const log = JSON.parse(run.stdout) as { runs: { tool: { driver: { rules: { id: string; shortDescription: { text: string } }[] } } }[] };
      expect(log.runs[0]?.tool.driver.rules).toEqual([expect.objectContaining({ id: 'example/no-autoindex', shortDescription: { text: 'Directory listings show every file of a directory that has no index' } })]);
    } finally {
      nested.cleanup();
    }
  });

  it('--output-file writes the report there, creating directories, and nothing to stdout', async () => {
    const run = await cli(['apache/apache2.conf', '-f', 'json', '-o', 'reports/lint.json']);
    expect(run).toMatchObject({ code: 1, stdout: '' });
    const [result] = json(readFileSync(path.join(dir, 'reports/lint.json'), 'utf8'));
    expect(result?.messages.map((m) => [m.ruleId, m.line, m.column, m.message])).toEqual([['example/no-autoindex', 3, 27, '`Options +Indexes` lists directories that have no index file']]);
  });

  it('--quiet keeps errors only', async () => {
    const run = await cli(['nginx/nginx.conf', 'apache/apache2.conf', '-f', 'json', '--quiet', '--rule', 'example/no-autoindex: warn']);
    expect(run.code).toBe(0);
    expect(json(run.stdout).map((r) => r.messages.length)).toEqual([0, 0]);
  });

  it('--rule off silences a rule', async () => {
    expect(await cli(['nginx/nginx.conf', '--rule', 'example/no-autoindex: off'])).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('fatal parse errors are errors at their position', async () => {
    const [result] = json((await cli(['broken/nginx.conf', '-f', 'json'])).stdout);
    expect(result?.messages).toEqual([expect.objectContaining({ ruleId: null, fatal: true, severity: 2, line: 2, column: 1 })]);
  });

  it('--report-unused-disable-directives turns a comment that silences nothing into an error', async () => {
    expect((await cli(['disabled/nginx.conf'])).code).toBe(0);
    const run = await cli(['disabled/nginx.conf', '--report-unused-disable-directives', '-f', 'compact']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("disabled/nginx.conf: line 2, col 1, Error - Unused forbidlint-disable-next-line directive (no problems were reported from 'example/no-autoindex').");
  });
});

describe('targets', () => {
  it('a directory stands for the configs in it; ignorePatterns and plugin hooks apply', async () => {
    const run = await cli(['.', '-f', 'json']);
    const results = json(run.stdout).map((r) => [path.relative(dir, r.filePath), r.messages.length]);
    expect(results).toEqual([
      ['apache/apache2.conf', 1],
      ['broken/nginx.conf', 1],
      ['disabled/nginx.conf', 0],
      // A copy of a server's /etc: audited at mnt, as --root mnt would, where /srv/www exists.
      ['mnt/etc/nginx/nginx.conf', 1],
      ['nginx/nginx.conf', 1],
      ['vendor/nginx.conf', 0],
    ]);
  });

  it('--ignore-path skips what its globs match, relative to the working directory', async () => {
    const ignore = tempTree({ 'lint.ignore': '# not ours\nvendor/\nmnt\nbroken/*.conf\n' });
    try {
      const run = await cli(['.', '-f', 'json', '--ignore-path', path.join(ignore.dir, 'lint.ignore')]);
      expect(json(run.stdout).map((r) => path.relative(dir, r.filePath))).toEqual(['apache/apache2.conf', 'disabled/nginx.conf', 'nginx/nginx.conf']);
      const local = await cli(['.', '-f', 'json', '--ignore-path', 'missing.ignore']);
      expect(local.code).toBe(2);
    } finally {
      ignore.cleanup();
    }
  });

  it('--stdin lints the text given, under the name given', async () => {
    const run = await cli(['--stdin', '--stdin-filename', 'nginx/site.conf', '-f', 'json'], { stdin: 'server {\n  location / { autoindex on; }\n}\n' });
    const [result] = json(run.stdout);
    expect(result?.filePath).toBe(path.join(dir, 'nginx/site.conf'));
    expect(result?.messages.map((m) => [m.ruleId, m.line, m.column])).toEqual([['example/no-autoindex', 2, 16]]);
  });

  it('--root reads the mounted tree and reports host paths, for paths given either way', async () => {
    for (const target of ['mnt/etc/nginx/nginx.conf', '/etc/nginx/nginx.conf']) {
      const run = await cli(['--root', 'mnt', target, '-f', 'json']);
      const [result] = json(run.stdout);
      expect(result?.filePath).toBe(path.join(dir, 'mnt/etc/nginx/nginx.conf'));
      expect(result?.messages.map((m) => m.ruleId)).toEqual(['example/no-autoindex']);
    }
  });

  it('under --root, overrides globs match the files where the user sees them', async () => {
    const project = tempTree({
      '.forbidlintrc.json': JSON.stringify({ plugins: ['example'], rules: { 'example/no-autoindex': 'error' }, overrides: [{ files: ['web1/etc/nginx/conf.d/**'], rules: { 'example/no-autoindex': 'off' } }] }),
      'web1/etc/nginx/nginx.conf': 'events {}\nhttp {\n  include conf.d/*.conf;\n  server { location / { autoindex on; } }\n}\n',
      'web1/etc/nginx/conf.d/legacy.conf': 'server { location / { autoindex on; } }\n',
    });
    try {
      mkdirSync(path.join(project.dir, 'node_modules'));
      symlinkSync(FIXTURE_PLUGIN, path.join(project.dir, 'node_modules/forbidlint-plugin-example'), 'dir');
      const run = await runCli(['--root', 'web1', '--no-fs', '/etc/nginx/nginx.conf', '-f', 'json'], { cwd: project.dir });
      expect(json(run.stdout).map((r) => [path.relative(project.dir, r.filePath), r.messages.map((m) => m.line)])).toEqual([
        ['web1/etc/nginx/conf.d/legacy.conf', []],
        ['web1/etc/nginx/nginx.conf', [4]],
      ]);
    } finally {
      project.cleanup();
    }
  });

  it('without --root the copy of a server\'s /etc is audited at its root; --root / points it at this machine, which --no-fs does not look at', async () => {
    const messages = async (flags: string[]) => json((await cli(['mnt/etc/nginx/nginx.conf', '-f', 'json', ...flags])).stdout)[0]?.messages.map((m) => m.message);
    expect(await messages([])).toEqual(['`autoindex on` lists / to anyone who asks for it']);
    expect(await messages(['--root', 'mnt'])).toEqual(['`autoindex on` lists / to anyone who asks for it']);
    expect(await messages(['--root', '/'])).toEqual(['/srv/www does not exist', '`autoindex on` lists / to anyone who asks for it']);
    expect(await messages(['--root', '/', '--no-fs'])).toEqual(['`autoindex on` lists / to anyone who asks for it']);
    expect((await cli(['mnt/etc/nginx/nginx.conf'])).stderr).toContain('mnt/etc/nginx/nginx.conf: linted with mnt as the audited root');
  });

  it('--fs-listing takes file modes from a listing of the server', async () => {
    const listing = tempTree({ 'find.txt': '755 0 0 d /\n755 0 0 d /srv\n755 0 0 d /srv/www\n644 0 0 f /srv/www/index.html\n' });
    try {
      const run = await cli(['mnt/etc/nginx/nginx.conf', '-f', 'json', '--fs-listing', path.join(listing.dir, 'find.txt')]);
      expect(json(run.stdout)[0]?.messages.map((m) => m.message)).toEqual(['`autoindex on` lists / to anyone who asks for it']);
    } finally {
      listing.cleanup();
    }
  });

  it('without paths, the configuration’s servers are linted', async () => {
    const project = tempTree({ '.forbidlintrc.json': JSON.stringify({ servers: [{ config: 'conf/web.conf', dialect: 'apache' }] }), 'conf/web.conf': 'DocumentRoot /nonexistent-docroot\n', 'other/nginx.conf': 'events {\n' });
    try {
      const run = await runCli(['-f', 'json'], { cwd: project.dir });
      expect(json(run.stdout).map((r) => path.relative(project.dir, r.filePath))).toEqual(['conf/web.conf']);
    } finally {
      project.cleanup();
    }
  });
});

describe('configuration commands', () => {
  it('--print-config shows the rules that apply to a file', async () => {
    const run = await cli(['--print-config', 'nginx/nginx.conf']);
    expect(JSON.parse(run.stdout)).toEqual({ configFile: path.join(dir, '.forbidlintrc.json'), plugins: ['example'], rules: { 'example/no-autoindex': ['error'] }, ignorePatterns: ['ignored/'], servers: [] });
    const withFlag = await cli(['--print-config', 'nginx/nginx.conf', '--rule', 'example/no-autoindex: ["warn", {"allowPaths": ["/pub/"]}]']);
    expect((JSON.parse(withFlag.stdout) as { rules: object }).rules).toEqual({ 'example/no-autoindex': ['warn', { allowPaths: ['/pub/'] }] });
  });

  it('rules lists every rule with its preset severities and docs', async () => {
    const run = await cli(['rules', '--format', 'json']);
    const rows = JSON.parse(run.stdout) as { id: string; recommended: string; strict: string; url: string }[];
    expect(rows.find((r) => r.id === 'example/no-autoindex')).toEqual({ id: 'example/no-autoindex', recommended: 'off', strict: 'off', description: 'Directory listings show every file of a directory that has no index', url: 'https://github.com/forbidlint/forbidlint/blob/main/docs/plugins.md' });
    expect(rows.every((r) => /^[a-z]+\/[a-z-]+$/.test(r.id) && r.url.startsWith('https://'))).toBe(true);
    expect((await cli(['rules'])).stdout).toMatch(/^RULE\s+RECOMMENDED\s+STRICT\s+DESCRIPTION\n/);
  });

  it('--version and --help', async () => {
    const pkg = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../package.json'), 'utf8')) as { version: string };
    expect(await cli(['--version'])).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    for (const flag of ['--format', '--output-file', '--max-warnings', '--quiet', '--rule', '--stdin-filename', '--print-config', '--root', '--fs-listing', '--fs-manifest', '--no-fs', '--web-user', '--ignore-path', '--report-unused-disable-directives']) {
      expect(help.stdout).toContain(flag);
    }
    expect(existsSync(path.join(dir, 'reports'))).toBe(true);
  });
});
