import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CodeActionRequest,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DidSaveTextDocumentNotification,
  FileChangeType,
  HoverRequest,
  type Diagnostic,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node.js';
import { startSession, type LspSession } from './lsp-client.js';

/**
 * The language server as editors run it: the compiled CLI started with `lsp --stdio`, spoken to
 * by a real LSP client over its standard streams. Compiled without type checking into
 * node_modules/.cache, as test/cli/spawn.test.ts does.
 */
const REPO = path.resolve(import.meta.dirname, '../..');
const OUT = path.join(REPO, 'node_modules/.cache/forbidlint-lsp-spawn');
const BIN = path.join(OUT, 'src/cli/bin.js');

const dirs: string[] = [];
function workspace(files: Readonly<Record<string, string>>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'forbidlint-lsp-'));
  chmodSync(dir, 0o755);
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

beforeAll(() => {
  rmSync(OUT, { recursive: true, force: true });
  execFileSync(process.execPath, [path.join(REPO, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--noCheck', '--incremental', 'false', '--outDir', OUT, '--declaration', 'false', '--sourceMap', 'false'], { cwd: REPO, stdio: 'pipe' });
}, 120_000);
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  rmSync(OUT, { recursive: true, force: true });
});

const sessions: LspSession[] = [];
afterAll(() => {
  for (const session of sessions) if (session.child.exitCode === null) session.child.kill();
});
async function start(dir: string, initializationOptions: object = {}): Promise<LspSession> {
  const session = await startSession(BIN, dir, initializationOptions);
  sessions.push(session);
  return session;
}

function open(session: LspSession, file: string, languageId: string, text: string, version = 1): string {
  const uri = pathToFileURL(file).href;
  void session.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version, text } });
  return uri;
}

function insert(session: LspSession, uri: string, version: number, line: number, character: number, text: string): void {
  const at = { line, character };
  void session.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ range: { start: at, end: at }, text }] });
}

/** The first diagnostics published for `uri` at `version`: the config pass. */
function published(session: LspSession, uri: string, version: number, also: (p: PublishDiagnosticsParams) => boolean = () => true): Promise<PublishDiagnosticsParams> {
  return session.diagnostics.take((p) => p.uri === uri && p.version === version && also(p), `diagnostics for ${uri} v${version}`);
}

const summary = (diagnostics: readonly Diagnostic[]) =>
  diagnostics.map((d) => ({ code: d.code ?? null, severity: d.severity, start: [d.range.start.line, d.range.start.character], end: [d.range.end.line, d.range.end.character] }));

/**
 * Errors only: the config pass knows no accounts (it reads nothing but configuration), and
 * nginx/root-unreachable asks for the web user before it looks at `fsEnabled`, which warns that
 * the user does not exist until the filesystem pass has read /etc/passwd.
 */
const errors = (diagnostics: readonly Diagnostic[]) => diagnostics.filter((d) => d.severity === 1);
/** Errors and what rules report as warnings (a `deny all` every client meets is one, by the severity policy). */
const problems = (diagnostics: readonly Diagnostic[]) => diagnostics.filter((d) => d.severity === 1 || d.code !== null);

const range = (line: number, character: number, endLine: number, endCharacter: number) => ({ start: { line, character }, end: { line: endLine, character: endCharacter } });

describe('forbidlint lsp', () => {
  it('lints an nginx buffer, follows its edits, offers the disable comment and clears on close', async () => {
    const dir = workspace({ 'www/index.html': 'hello\n', 'nginx.conf': 'events {}\nhttp {}\n' });
    const lines = ['events {}', 'http {', '  server {', '    listen 127.0.0.1:8080;', `    root ${dir}/www;`, '    location / {', '      deny all;', '    }', '    location /x {', '      index index.html', '    }', '  }', '}', ''];
    const session = await start(dir);
    const uri = open(session, path.join(dir, 'nginx.conf'), 'nginx', lines.join('\n'));

    const first = await published(session, uri, 1);
    expect(summary(problems(first.diagnostics))).toEqual([
      { code: 'nginx/deny-all', severity: 2, start: [6, 6], end: [6, 15] },
      { code: null, severity: 1, start: [10, 4], end: [10, 5] },
    ]);
    const [denyAll, syntax] = problems(first.diagnostics);
    expect(denyAll).toMatchObject({
      source: 'forbidlint',
      codeDescription: { href: 'https://github.com/forbidlint/forbidlint/blob/main/lint-rules/nginx/deny-all/README.md' },
      message: expect.stringContaining('`deny all` refuses every client of the server listening on 127.0.0.1:8080 for every URL under /'),
    });
    expect(syntax?.message).toBe('unexpected "}"');

    // The `;` is typed in the buffer only: the file on disk stays a config with nothing to report.
    insert(session, uri, 2, 9, 22, ';');
    const fixed = await published(session, uri, 2);
    expect(summary(problems(fixed.diagnostics))).toEqual([{ code: 'nginx/deny-all', severity: 2, start: [6, 6], end: [6, 15] }]);

    const hover = await session.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 6, character: 8 } });
    expect(hover?.contents).toMatchObject({ kind: 'markdown', value: expect.stringContaining('**forbidlint** [nginx/deny-all](https://github.com/forbidlint/forbidlint/blob/main/lint-rules/nginx/deny-all/README.md)') });

    const actions = await session.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: range(6, 8, 6, 8), context: { diagnostics: [] } });
    expect(actions).toEqual([
      {
        title: 'Disable nginx/deny-all for this line',
        kind: 'quickfix',
        diagnostics: [denyAll],
        edit: { changes: { [uri]: [{ range: range(6, 0, 6, 0), newText: '      # forbidlint-disable-next-line nginx/deny-all\n' }] } },
      },
    ]);

    insert(session, uri, 3, 6, 0, '      # forbidlint-disable-next-line nginx/deny-all\n');
    const disabled = await published(session, uri, 3);
    expect(problems(disabled.diagnostics)).toEqual([]);

    void session.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
    expect(await session.diagnostics.take((p) => p.uri === uri && p.version === undefined, 'cleared diagnostics')).toEqual({ uri, diagnostics: [] });
    expect(await session.stop()).toBe(0);
  });

  it('follows edits that add and remove findings, in a changed server and around unchanged ones', async () => {
    const dir = workspace({ 'www/index.html': 'hello\n' });
    const rootLine = `    root ${dir}/www;`;
    const lines = ['events {}', 'http {', '  server {', '    listen 127.0.0.1:8080;', rootLine, '  }', '  server {', '    listen 127.0.0.1:8081;', rootLine, '  }', '}', ''];
    const session = await start(dir, { walkDelay: 60_000 });
    const uri = open(session, path.join(dir, 'nginx.conf'), 'nginx', lines.join('\n'));
    const denyAll = async (version: number) => summary((await published(session, uri, version)).diagnostics.filter((d) => d.code === 'nginx/deny-all'));
    const replace = (version: number, line: number, start: number, end: number, text: string) =>
      void session.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ range: range(line, start, line, end), text }] });
    expect(await denyAll(1)).toEqual([]);

    // In the second server only; the first one's text, and so its nodes, stay as they were.
    replace(2, 8, rootLine.length, rootLine.length, ' deny all;');
    const inSecond = { code: 'nginx/deny-all', severity: 2, start: [8, rootLine.length + 1], end: [8, rootLine.length + 10] };
    expect(await denyAll(2)).toEqual([inSecond]);
    replace(3, 8, rootLine.length, rootLine.length + 10, '');
    expect(await denyAll(3)).toEqual([]);

    // At the http level, on a line of its own text: both servers inherit it, though neither changed; one line, one finding.
    replace(4, 1, 6, 6, ' deny all;');
    const inHttp = { code: 'nginx/deny-all', severity: 2, start: [1, 7], end: [1, 16] };
    expect(await denyAll(4)).toEqual([inHttp]);
    replace(5, 1, 6, 16, '');
    expect(await denyAll(5)).toEqual([]);
    expect(await session.stop()).toBe(0);
  });

  it('lints an Apache document', async () => {
    const dir = workspace({ 'www/index.html': 'hello\n' });
    const session = await start(dir);
    const uri = open(session, path.join(dir, 'site.conf'), 'apacheconf', `<Directory ${dir}/www>\n    Require all denied\n</Directory>\n<Directory /tmp>\n`);
    const { diagnostics } = await published(session, uri, 1);
    // A file no main configuration reads: linted inside Debian's stock apache2.conf, and told so once at the top.
    expect(summary(diagnostics)).toEqual([
      { code: null, severity: 3, start: [0, 0], end: [0, 0] },
      { code: null, severity: 1, start: [3, 0], end: [3, 16] },
    ]);
    expect(diagnostics[0]?.message).toContain("linted as if included by Debian's stock apache2.conf");
    expect(diagnostics[1]?.message).toBe('<Directory> was not closed.');
    expect(await session.stop()).toBe(0);
  });

  it('publishes filesystem findings after the config ones, in a pass of their own', async () => {
    const dir = workspace({ 'www/index.html': 'hello\n', 'www/upload/a.txt': 'x\n' });
    chmodSync(path.join(dir, 'www/upload/a.txt'), 0o666);
    const session = await start(dir);
    const rootLine = `    root ${dir}/www;`;
    const uri = open(session, path.join(dir, 'nginx.conf'), 'nginx', `events {}\nhttp {\n  server {\n    listen 127.0.0.1:8080;\n${rootLine}\n  }\n}\n`);

    const configPass = await published(session, uri, 1);
    expect(configPass.diagnostics.map((d) => d.code)).not.toContain('fs/world-writable');
    const filesystemPass = await published(session, uri, 1);
    const worldWritable = filesystemPass.diagnostics.filter((d) => d.code === 'fs/world-writable');
    expect(summary(worldWritable)).toEqual([{ code: 'fs/world-writable', severity: 1, start: [4, 4], end: [4, rootLine.length] }]);
    expect(worldWritable[0]).toMatchObject({
      message: expect.stringContaining(`${dir}/www/upload/a.txt is 0666`),
      relatedInformation: [{ message: `${dir}/www/upload/a.txt on the audited server`, location: { uri: pathToFileURL(`${dir}/www/upload/a.txt`).href, range: range(0, 0, 0, 0) } }],
    });
    expect(await session.progress.take((p) => p.kind === 'begin', 'progress begin')).toMatchObject({ message: 'checking the files nginx.conf serves' });
    await session.progress.take((p) => p.kind === 'end', 'progress end');

    // Until the next filesystem pass, its findings stay where they were rather than blink out.
    const worldWritableAt = (p: PublishDiagnosticsParams) => p.diagnostics.filter((d) => d.code === 'fs/world-writable').map((d) => d.range.start.line);
    insert(session, uri, 2, 0, 0, '# a comment\n');
    expect(worldWritableAt(await published(session, uri, 2))).toEqual([4]);
    expect(worldWritableAt(await published(session, uri, 2))).toEqual([5]);
    chmodSync(path.join(dir, 'www/upload/a.txt'), 0o644);
    insert(session, uri, 3, 0, 0, '# another\n');
    expect(worldWritableAt(await published(session, uri, 3))).toEqual([5]);
    expect(worldWritableAt(await published(session, uri, 3))).toEqual([]);
    expect(await session.stop()).toBe(0);
  });

  it('cancels a filesystem pass that a newer edit supersedes', async () => {
    const files: Record<string, string> = { 'www/upload/a.txt': 'x\n' };
    for (let d = 0; d < 20; d++) for (let f = 0; f < 1000; f++) files[`www/d${d}/f${f}.html`] = '';
    const dir = workspace(files);
    chmodSync(path.join(dir, 'www/upload/a.txt'), 0o666);
    const session = await start(dir, { walkDelay: 0 });
    const uri = open(session, path.join(dir, 'nginx.conf'), 'nginx', `events {}\nhttp {\n  server {\n    listen 127.0.0.1:8080;\n    root ${dir}/www;\n  }\n}\n`);
    await published(session, uri, 1);
    await session.progress.take((p) => p.kind === 'begin', 'the first filesystem pass');
    insert(session, uri, 2, 0, 0, '# edited\n');

    expect(await session.logs.take((m) => m.includes('cancelled the filesystem pass'), 'the cancellation')).toBe(`forbidlint: cancelled the filesystem pass of ${uri} version 1: a newer edit supersedes it`);
    await published(session, uri, 2);
    const filesystemPass = await published(session, uri, 2);
    expect(filesystemPass.diagnostics.map((d) => d.code)).toContain('fs/world-writable');
    expect(session.diagnostics.pending().filter((p) => p.uri === uri)).toEqual([]);
    expect(await session.stop()).toBe(0);
  });

  it('lints open documents again when a configuration file changes, and says when it cannot be used', async () => {
    const dir = workspace({ 'www/index.html': 'hello\n' });
    const session = await start(dir, { walkDelay: 60_000 });
    const uri = open(session, path.join(dir, 'nginx.conf'), 'nginx', `events {}\nhttp {\n  server {\n    root ${dir}/www;\n    deny all;\n  }\n}\n`);
    expect((await published(session, uri, 1)).diagnostics.map((d) => d.code)).toContain('nginx/deny-all');

    const rc = path.join(dir, '.forbidlintrc.json');
    const changed = (type: FileChangeType) => void session.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: pathToFileURL(rc).href, type }] });
    writeFileSync(rc, '{ "rules": { "nginx/deny-all": "off" } }\n');
    changed(FileChangeType.Created);
    expect((await published(session, uri, 1)).diagnostics.map((d) => d.code)).not.toContain('nginx/deny-all');

    writeFileSync(rc, '{ "rules": { "nginx/deny-all": "sometimes" } }\n');
    changed(FileChangeType.Changed);
    const { diagnostics } = await published(session, uri, 1);
    expect(summary(diagnostics)).toEqual([{ code: null, severity: 1, start: [0, 0], end: [0, 0] }]);
    expect(diagnostics[0]?.message).toMatch(/^forbidlint cannot lint this file: .*\.forbidlintrc\.json.*nginx\/deny-all/);
    expect(await session.stop()).toBe(0);
  });

  it.each([
    ['notes.txt', 'plaintext', 0],
    ['site.conf', 'plaintext', 0],
    ['notes.txt', 'nginx', 1],
    ['nginx/conf.d/site.conf', 'plaintext', 1],
    ['sites-enabled/example', 'plaintext', 1],
    ['snippets/site.include', 'plaintext', 1],
  ])('%s (%s): %i fatal error(s)', async (name, languageId, fatal) => {
    const dir = workspace({});
    const session = await start(dir, { filePatterns: ['*.include'], walkDelay: 60_000 });
    const uri = open(session, path.join(dir, name), languageId, 'server {\n');
    expect(errors((await published(session, uri, 1)).diagnostics)).toHaveLength(fatal);
    expect(await session.stop()).toBe(0);
  });

  it('offers a suggested config edit as a quick fix', async () => {
    const dir = workspace({ 'images/a.png': 'png\n' });
    const session = await start(dir, { walkDelay: 60_000 });
    const alias = `      alias ${dir}/images/;`;
    const uri = open(session, path.join(dir, 'nginx.conf'), 'nginx', `events {}\nhttp {\n  server {\n    location /img {\n${alias}\n    }\n  }\n}\n`);
    const { diagnostics } = await published(session, uri, 1);
    const traversal = diagnostics.filter((d) => d.code === 'nginx/alias-traversal');
    expect(summary(traversal)).toEqual([{ code: 'nginx/alias-traversal', severity: 1, start: [4, 6], end: [4, alias.length] }]);

    // The finding is on the alias; the edit it suggests is on the location's pattern.
    const actions = await session.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: range(4, 8, 4, 8), context: { diagnostics: [] } });
    expect(actions?.map((a) => a.title)).toEqual(['end the location with /: location /img/', 'Disable nginx/alias-traversal for this line']);
    expect(actions?.[0]).toMatchObject({ kind: 'quickfix', diagnostics: traversal, edit: { changes: { [uri]: [{ range: range(3, 13, 3, 17), newText: '/img/' }] } } });
    const onlySource = await session.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: range(4, 8, 4, 8), context: { diagnostics: [], only: ['source'] } });
    expect(onlySource).toEqual([]);
    expect(await session.stop()).toBe(0);
  });

  it('counts characters in UTF-16 code units, as LSP does', async () => {
    const dir = workspace({});
    const session = await start(dir, { walkDelay: 60_000 });
    const line = '    location /😀/ { deny all; }';
    const uri = open(session, path.join(dir, 'nginx.conf'), 'nginx', `events {}\nhttp {\n  server {\n${line}\n  }\n}\n`);
    const denyAll = (await published(session, uri, 1)).diagnostics.filter((d) => d.code === 'nginx/deny-all');
    const column = line.indexOf('deny');
    // A deny all is a warning (LSP severity 2) by the severity policy.
    expect(summary(denyAll)).toEqual([{ code: 'nginx/deny-all', severity: 2, start: [3, column], end: [3, column + 'deny all;'.length] }]);
    expect(await session.stop()).toBe(0);
  });

  it('survives text that is not a configuration at all', async () => {
    const dir = workspace({});
    const session = await start(dir, { walkDelay: 0 });
    const uri = open(session, path.join(dir, 'nginx.conf'), 'nginx', '\u0000}}} {{{ "unterminated \\\n<Directory\n\uFFFF;;;');
    expect(errors((await published(session, uri, 1)).diagnostics).length).toBeGreaterThan(0);
    insert(session, uri, 2, 0, 0, 'events {}\n');
    await published(session, uri, 2);
    expect(session.logs.pending().filter((m) => m.includes('internal error'))).toEqual([]);
    expect(await session.stop()).toBe(0);
  });

  it('lints open documents again when a configuration file is saved in the editor', async () => {
    const dir = workspace({ '.forbidlintrc.json': '{ "extends": "forbidlint:recommended" }\n' });
    const session = await start(dir, { walkDelay: 60_000 });
    const uri = open(session, path.join(dir, 'nginx.conf'), 'nginx', 'events {}\nhttp {\n  server {\n    deny all;\n  }\n}\n');
    expect((await published(session, uri, 1)).diagnostics.map((d) => d.code)).toContain('nginx/deny-all');
    const rc = path.join(dir, '.forbidlintrc.json');
    const rcUri = open(session, rc, 'json', '{}\n');
    expect(await published(session, rcUri, 1)).toEqual({ uri: rcUri, version: 1, diagnostics: [] });

    writeFileSync(rc, '{ "extends": "forbidlint:recommended", "rules": { "nginx/deny-all": "off" } }\n');
    void session.connection.sendNotification(DidSaveTextDocumentNotification.type, { textDocument: { uri: rcUri } });
    expect((await published(session, uri, 1)).diagnostics.map((d) => d.code)).not.toContain('nginx/deny-all');
    expect(await session.stop()).toBe(0);
  });

  it.each([
    [['--help'], 0, /^Usage: forbidlint lsp \[--stdio\]\n/, ''],
    [['--socket=9000'], 2, /^$/, 'forbidlint: lsp: unknown argument --socket=9000: the server speaks LSP over standard input and output only\n'],
  ])('lsp %j exits %i', (args, code, stdout, stderr) => {
    const run = spawnSync(process.execPath, [BIN, 'lsp', ...args], { encoding: 'utf8', input: '' });
    expect({ code: run.status, stderr: run.stderr }).toEqual({ code, stderr });
    expect(run.stdout).toMatch(stdout);
  });

  it('audits a mounted server named by the configuration\'s root: server paths inside, files shown under the mount', async () => {
    const dir = workspace({
      '.forbidlintrc.json': '{ "extends": "forbidlint:recommended", "root": "mount" }\n',
      'mount/etc/passwd': 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n',
      'mount/etc/group': 'root:x:0:\nnogroup:x:65534:\n',
      'mount/srv/www/index.html': 'hello\n',
      'mount/srv/www/upload/a.txt': 'x\n',
    });
    chmodSync(path.join(dir, 'mount/srv/www/upload/a.txt'), 0o666);
    const session = await start(dir, { walkDelay: 0 });
    const uri = open(session, path.join(dir, 'mount/etc/nginx/nginx.conf'), 'nginx', 'events {}\nhttp {\n  server {\n    listen 127.0.0.1:8080;\n    root /srv/www;\n  }\n}\n');
    await published(session, uri, 1);
    const [worldWritable] = (await published(session, uri, 1)).diagnostics.filter((d) => d.code === 'fs/world-writable');
    expect(worldWritable).toMatchObject({
      range: range(4, 4, 4, 18),
      message: expect.stringContaining('/srv/www/upload/a.txt is 0666'),
      relatedInformation: [{ message: '/srv/www/upload/a.txt on the audited server', location: { uri: pathToFileURL(path.join(dir, 'mount/srv/www/upload/a.txt')).href } }],
    });
    expect(await session.stop()).toBe(0);
  });

  describe('a Debian layout', () => {
    const NGINX = 'user www-data;\nevents {}\nhttp {\n  include mime.types;\n  include sites-enabled/*.conf;\n}\n';
    const SHOP = 'server {\n  listen 127.0.0.1:21001;\n  server_name shop.example.com;\n  location /static {\n    alias /var/www/shop/static/;\n  }\n}\n';
    const layout = () => workspace({ 'etc/nginx/nginx.conf': NGINX, 'etc/nginx/mime.types': 'types {\n  text/html html;\n}\n', 'etc/nginx/sites-enabled/shop.conf': SHOP });
    const aliasTraversal = (diagnostics: readonly Diagnostic[]) => summary(diagnostics.filter((d) => d.code === 'nginx/alias-traversal'));

    it('opening nginx.conf publishes the findings of the included site file under its own URI, and clears them when the include goes', async () => {
      const dir = layout();
      const session = await start(dir);
      const main = open(session, path.join(dir, 'etc/nginx/nginx.conf'), 'nginx', NGINX);
      const site = pathToFileURL(path.join(dir, 'etc/nginx/sites-enabled/shop.conf')).href;
      const included = await session.diagnostics.take((p) => p.uri === site && p.diagnostics.length > 0, 'diagnostics of the included site file');
      expect(aliasTraversal(included.diagnostics)).toEqual([{ code: 'nginx/alias-traversal', severity: 1, start: [4, 4], end: [4, 32] }]);
      expect(errors((await published(session, main, 1)).diagnostics)).toEqual([]);
      // The include commented out in the open buffer: the site file is no longer read, its diagnostics go.
      insert(session, main, 2, 4, 2, '# ');
      await published(session, main, 2);
      expect((await session.diagnostics.take((p) => p.uri === site, 'the site file cleared')).diagnostics).toEqual([]);
      expect(await session.stop()).toBe(0);
    });

    it('does not send an included file its diagnostics again while an edit elsewhere leaves them as they were', async () => {
      const dir = layout();
      // No filesystem pass during the test: only config passes publish.
      const session = await start(dir, { walkDelay: 600_000 });
      const main = open(session, path.join(dir, 'etc/nginx/nginx.conf'), 'nginx', NGINX);
      const site = pathToFileURL(path.join(dir, 'etc/nginx/sites-enabled/shop.conf')).href;
      await session.diagnostics.take((p) => p.uri === site && p.diagnostics.length > 0, 'diagnostics of the included site file');
      await published(session, main, 1);
      // Spaces after the first line: the site's findings stay. Each pass sends the document
      // first, so what a pass sends for the site arrives before the next pass's document.
      insert(session, main, 2, 0, 15, ' ');
      await published(session, main, 2);
      insert(session, main, 3, 0, 16, ' ');
      await published(session, main, 3);
      expect(session.diagnostics.pending().filter((p) => p.uri === site)).toEqual([]);
      // A change of what the site file holds is sent.
      insert(session, main, 4, 4, 2, '# ');
      await published(session, main, 4);
      expect((await session.diagnostics.take((p) => p.uri === site, 'the site file cleared')).diagnostics).toEqual([]);
      expect(await session.stop()).toBe(0);
    });

    it('opening the site file alone lints it in the nginx.conf that includes it, with the same findings at the same places', async () => {
      const dir = layout();
      const session = await start(dir);
      const site = open(session, path.join(dir, 'etc/nginx/sites-enabled/shop.conf'), 'nginx', SHOP);
      const { diagnostics } = await published(session, site, 1);
      expect(aliasTraversal(diagnostics)).toEqual([{ code: 'nginx/alias-traversal', severity: 1, start: [4, 4], end: [4, 32] }]);
      expect(diagnostics.filter((d) => d.severity === 3)).toEqual([]);
      // An edit of the site file is linted in the same context.
      insert(session, site, 2, 5, 0, '  location /files {\n    alias /srv/files/;\n  }\n');
      expect(aliasTraversal((await published(session, site, 2)).diagnostics)).toEqual([
        { code: 'nginx/alias-traversal', severity: 1, start: [4, 4], end: [4, 32] },
        { code: 'nginx/alias-traversal', severity: 1, start: [6, 4], end: [6, 22] },
      ]);
      expect(await session.stop()).toBe(0);
    });

    it('a site file no configuration reads gets the stock context and one note saying so', async () => {
      const dir = workspace({ 'deploy/app.conf': SHOP });
      const session = await start(dir);
      const uri = open(session, path.join(dir, 'deploy/app.conf'), 'nginx', SHOP);
      const { diagnostics } = await published(session, uri, 1);
      expect(diagnostics.filter((d) => d.severity === 3).map((d) => d.message)).toEqual([expect.stringContaining("linted in the http {} block of Debian's stock nginx.conf")]);
      expect(aliasTraversal(diagnostics)).toEqual([{ code: 'nginx/alias-traversal', severity: 1, start: [4, 4], end: [4, 32] }]);
      expect(await session.stop()).toBe(0);
    });

    it('takes root from the workspace\'s configuration, never from an rc file inside the audited tree', async () => {
      const dir = workspace({
        '.forbidlintrc.json': '{ "extends": "forbidlint:recommended", "root": "mount" }\n',
        'mount/etc/nginx/.forbidlintrc.json': '{ "extends": "forbidlint:recommended", "root": "/" }\n',
        'mount/etc/passwd': 'root:x:0:0:root:/root:/bin/sh\n',
        'mount/etc/group': 'root:x:0:\n',
        'mount/srv/www/upload/a.txt': 'x\n',
      });
      chmodSync(path.join(dir, 'mount/srv/www/upload/a.txt'), 0o666);
      const session = await start(dir, { walkDelay: 0 });
      const uri = open(session, path.join(dir, 'mount/etc/nginx/nginx.conf'), 'nginx', 'events {}\nhttp {\n  server {\n    listen 127.0.0.1:21002;\n    root /srv/www;\n  }\n}\n');
      await published(session, uri, 1);
      const walked = (await published(session, uri, 1)).diagnostics.filter((d) => d.code === 'fs/world-writable');
      expect(walked.map((d) => d.relatedInformation?.[0]?.location.uri)).toEqual([pathToFileURL(path.join(dir, 'mount/srv/www/upload/a.txt')).href]);
      expect(await session.stop()).toBe(0);
    });
  });

  it.each([
    ['a non-numeric Content-Length', 'Content-Length: abc\r\n\r\n{}'],
    ['a header without Content-Length', 'Content-Type: application/vscode-jsonrpc\r\n\r\n{}'],
  ])('exits with a message on %s instead of staying alive and deaf', async (_, garbage) => {
    const session = await start(workspace({}));
    const exited = new Promise<number | null>((resolve) => session.child.on('exit', (code) => resolve(code)));
    let stderr = '';
    session.child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    session.child.stdin?.write(garbage);
    expect(await exited).toBe(2);
    expect(stderr).toMatch(/^forbidlint lsp: unreadable message header \(.*Content-Length.*\): the stream has lost its message boundaries; exiting$/m);
  });

  it('answers the next message after a body that is not JSON: the framing holds', async () => {
    const dir = workspace({});
    const session = await start(dir);
    session.child.stdin?.write('Content-Length: 5\r\n\r\n{oops');
    const uri = open(session, path.join(dir, 'nginx.conf'), 'nginx', 'events {}\nhttp {\n  server {\n    location / { deny all; }\n  }\n}\n');
    expect((await published(session, uri, 1)).diagnostics.map((d) => d.code)).toContain('nginx/deny-all');
    expect(await session.stop()).toBe(0);
  });

  /**
   * The setups docs/editors.md shows, in the editors Debian 12 ships (Neovim 0.7.2; Vim 9.0
   * with vim-ale 3.3.0), run headless on a Debian layout: skipped where they are not installed.
   */
  describe('editors as Debian ships them', () => {
    const EDITORS = path.join(REPO, 'test/lsp/editors');
    const layout = (): { dir: string; env: NodeJS.ProcessEnv } => {
      const dir = workspace({
        'etc/nginx/nginx.conf': 'user www-data;\nevents {}\nhttp {\n  include sites-enabled/*.conf;\n}\n',
        'etc/nginx/sites-enabled/shop.conf': 'server {\n  listen 127.0.0.1:21003;\n  location /static {\n    alias /var/www/static/;\n  }\n}\n',
        forbidlint: `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} "$@"\n`,
      });
      chmodSync(path.join(dir, 'forbidlint'), 0o755);
      return { dir, env: { ...process.env, FORBIDLINT: path.join(dir, 'forbidlint'), OUT: path.join(dir, 'out.txt') } };
    };
    const installed = (command: string, ...files: string[]) => spawnSync('sh', ['-c', `command -v ${command}`]).status === 0 && files.every((file) => spawnSync('test', ['-e', file]).status === 0);

    it.skipIf(!installed('nvim'))('Neovim: opening nginx.conf shows the findings of the included site file', () => {
      const { dir, env } = layout();
      spawnSync('nvim', ['--headless', '-u', path.join(EDITORS, 'init.lua'), '-c', `luafile ${path.join(EDITORS, 'check.lua')}`], { cwd: dir, env: { ...env, OPEN: 'etc/nginx/nginx.conf', EXPECT: 'etc/nginx/sites-enabled/shop.conf' }, timeout: 60_000 });
      expect(readFileSync(path.join(dir, 'out.txt'), 'utf8')).toBe('shop.conf:4:5 nginx/alias-traversal\nok\n');
    });

    it.skipIf(!installed('vim', '/usr/share/vim-ale/autoload/ale.vim'))('Vim with ALE: opening the site file alone shows its findings', () => {
      const { dir, env } = layout();
      spawnSync('vim', ['-N', '-u', path.join(EDITORS, 'vimrc'), '--not-a-term', '-c', `source ${path.join(EDITORS, 'check.vim')}`, 'etc/nginx/sites-enabled/shop.conf'], { cwd: dir, env, timeout: 60_000, stdio: 'ignore' });
      expect(readFileSync(path.join(dir, 'out.txt'), 'utf8')).toBe('shop.conf:4:5 nginx/alias-traversal\nok\n');
    });

    it.skipIf(!installed('emacs', '/usr/share/emacs/site-lisp/elpa-src/eglot-1.9'))('Emacs with eglot: opening the site file alone shows its findings', () => {
      const { dir, env } = layout();
      // eglot serves a project: a Git repository, as a configuration repository is.
      execFileSync('git', ['init', '-q', dir]);
      spawnSync('emacs', ['--batch', '-l', path.join(EDITORS, 'eglot.el'), '-l', path.join(EDITORS, 'check.el')], { cwd: dir, env: { ...env, OPEN: 'etc/nginx/sites-enabled/shop.conf' }, timeout: 60_000, stdio: 'ignore' });
      expect(readFileSync(path.join(dir, 'out.txt'), 'utf8')).toBe('shop.conf:4:5 forbidlint [nginx/alias-traversal]\nok\n');
    });
  });
});
