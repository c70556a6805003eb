import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DocumentLinter, type DocumentLint } from '../../src/lsp/document-linter.js';
import { layoutMove } from '../../src/engine/layout-edit.js';
import { overlayFile } from '../../src/engine/overlay-fs.js';
import { LiveFs } from '../../src/fs/live-fs.js';
import type { FsView } from '../../src/fs/types.js';
import { loadNginxConfig } from '../../src/parse/nginx/index.js';
import { makeTempRoot, removeTree } from '../helpers/tree.js';

/**
 * An edit that changes nothing but layout (spaces at the ends of lines, blank lines) hands the
 * last config pass's findings on at their new lines instead of linting again. Whatever the edits,
 * what is published must be what a first lint of the same texts publishes: findings that quote
 * `file:line` or a bare `line N`, disable comments, includes and parse errors included.
 */
/**
 * A server with findings of many kinds. Which kinds decide what an edit of its file may hand on:
 * nginx.conf's quote `file:line`s only, the first site file's servers hold a disable comment, the
 * second's quote bare `line N`s (an allow after `deny all`, a regex location before a prefix one).
 */
function server(dir: string, n: number, kind: 'quotes' | 'disable' | 'bare'): string[] {
  return [
    '  server {',
    `    listen 127.0.0.1:${8200 + n};`,
    `    server_name s${n}.example.test;`,
    `    root ${dir}/www;`,
    '    location /ok/ {',
    '      deny all;',
    '      return 200 "ok";',
    '    }',
    ...(kind === 'disable' ? ['    # forbidlint-disable-next-line nginx/deny-all', '    location /quiet/ { deny all; }'] : []),
    ...(kind === 'bare' ? ['    deny 192.0.2.0/24;', '    location /public/ {', '      deny all;', '      allow 10.0.0.1;', '    }', '    location ~ ^/panel { }', '    location /panel/ { deny all; }'] : []),
    '    location ~ \\.php$ { return 403; } location /x/ { deny all; }',
    '  }',
  ];
}

function makeProject(siteKinds: readonly ('disable' | 'bare')[]): { dir: string; file: string; main: string[]; sites: { file: string; lines: string[] }[] } {
  const dir = makeTempRoot('forbidlint-layout-edit-');
  mkdirSync(path.join(dir, 'www'));
  writeFileSync(path.join(dir, 'www/index.html'), 'hi\n');
  mkdirSync(path.join(dir, 'sites-enabled'));
  const sites = siteKinds.map((kind, s) => ({ file: path.join(dir, `sites-enabled/${kind}.conf`), lines: [...server(dir, 3 + 2 * s, kind), ...server(dir, 4 + 2 * s, kind), ''] }));
  for (const site of sites) writeFileSync(site.file, site.lines.join('\n'));
  const main = ['events {}', 'http {', '  include sites-enabled/*.conf;', ...[0, 1, 2].flatMap((n) => server(dir, n, 'quotes')), '}', ''];
  const file = path.join(dir, 'nginx.conf');
  writeFileSync(file, main.join('\n'));
  return { dir, file, main, sites };
}

/** Everything a lint published: the document's findings and the included file's. */
function published(lint: DocumentLint): unknown {
  return lint.kind === 'linted' ? { messages: lint.messages, others: [...lint.others].sort(([a], [b]) => a.localeCompare(b)) } : lint;
}

type EditKind = 'blank line' | 'trailing space' | 'blank line deleted' | 'spaces on a blank line' | 'indent' | 'split' | 'join' | 'token' | 'stray brace';
type Edit = { kind: EditKind; line: number; file: number };

function apply(lines: string[], { kind, line }: Edit): void {
  const at = line % lines.length;
  const text = lines[at] ?? '';
  switch (kind) {
    case 'blank line':
      lines.splice(at, 0, '');
      break;
    case 'trailing space':
      lines[at] = `${text} `;
      break;
    case 'blank line deleted': {
      const blank = lines.findIndex((l, i) => i >= at && l.trim() === '');
      if (blank >= 0 && blank < lines.length - 1) lines.splice(blank, 1);
      break;
    }
    case 'spaces on a blank line': {
      const blank = lines.findIndex((l, i) => i >= at && l.trim() === '');
      if (blank >= 0) lines[blank] = `${lines[blank]}  `;
      break;
    }
    case 'indent':
      lines[at] = ` ${text}`;
      break;
    case 'split':
      lines[at] = text.replace('} location', '}\n    location');
      break;
    case 'join':
      if (at + 1 < lines.length) lines.splice(at, 2, `${text} ${(lines[at + 1] ?? '').trim()}`);
      break;
    case 'token':
      lines[at] = text.replace('/x/', '/xy/').replace('10.0.0.1', '10.0.0.2');
      break;
    case 'stray brace':
      lines[at] = `${text}}`;
      break;
  }
}

describe('findings handed on across edits of layout alone', () => {
  // A bare `line N` anywhere keeps every edit that moves line N from handing findings on: with it, most edits are linted.
  it.each([
    { sites: ['disable'] as const, moving: 5 },
    { sites: ['disable', 'bare'] as const, moving: 0 },
  ])('publish what a first lint publishes, whatever the edits, with site files $sites', async ({ sites: siteKinds, moving }) => {
    const { dir, file, main, sites } = makeProject(siteKinds);
    try {
      const buffers = new Map<string, string>();
      const options = { cwd: dir, clientPatterns: [], openBuffers: () => buffers };
      const lint = (linter: DocumentLinter, text: string, version: number) =>
        linter.lint({ uri: pathToFileURL(file).href, file, languageId: 'nginx', version, text }, 'config');
      const fs = new LiveFs('/');
      const parse = (texts: readonly (readonly string[])[]) => loadNginxConfig(file, { fs: [file, ...sites.map((site) => site.file)].reduce<FsView>((view, name, i) => overlayFile(view, name, texts[i]!.join('\n')), fs) });
      let movingSteps = 0;
      const kinds: EditKind[] = ['blank line', 'blank line', 'trailing space', 'blank line deleted', 'spaces on a blank line', 'indent', 'split', 'join', 'token', 'stray brace'];
      // nginx.conf (the document) twice as often as each site file (open buffers).
      const edit = fc.record({ kind: fc.constantFrom(...kinds), line: fc.nat(400), file: fc.constantFrom(0, 0, ...sites.map((_site, i) => i + 1)) }) as fc.Arbitrary<Edit>;
      await fc.assert(
        fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 6 }), async (edits) => {
          const warm = new DocumentLinter(options);
          const texts = [[...main], ...sites.map((site) => [...site.lines])];
          buffers.clear();
          await lint(warm, texts[0]!.join('\n'), 1);
          let before = parse(texts);
          for (const [index, change] of edits.entries()) {
            apply(texts[change.file]!, change);
            for (const [i, site] of sites.entries()) buffers.set(site.file, texts[i + 1]!.join('\n'));
            const text = texts[0]!.join('\n');
            const after = parse(texts);
            if (layoutMove(before, after)?.lines.size) movingSteps++;
            before = after;
            expect(published(await lint(warm, text, index + 2)), JSON.stringify(edits.slice(0, index + 1))).toEqual(published(await lint(new DocumentLinter(options), text, index + 2)));
          }
        }),
        // A fixed seed: the share of edits that move lines is checked below.
        { numRuns: 24, seed: 1302 },
      );
      // The property went through findings handed on at other lines, not only around them.
      expect(movingSteps).toBeGreaterThan(moving);
    } finally {
      removeTree(dir);
    }
  }, 240_000);

  it('moves the file:line a message quotes', async () => {
    const { dir, file, main } = makeProject(['disable']);
    try {
      const warm = new DocumentLinter({ cwd: dir, clientPatterns: [] });
      const lint = async (linter: DocumentLinter, lines: readonly string[], version: number) => {
        const result = await linter.lint({ uri: pathToFileURL(file).href, file, languageId: 'nginx', version, text: lines.join('\n') }, 'config');
        if (result.kind !== 'linted') throw new Error(`not linted: ${result.kind}`);
        return result;
      };
      const quoting = (result: Awaited<ReturnType<typeof lint>>) => result.messages.filter((m) => m.message.includes(`${file}:`)).map((m) => m.message);
      const first = await lint(warm, main, 1);
      expect(quoting(first).length).toBeGreaterThan(0);
      // Two blank lines at the top: every quoted line is two further down.
      const moved = ['', '', ...main];
      const again = await lint(warm, moved, 2);
      expect(published(again)).toEqual(published(await lint(new DocumentLinter({ cwd: dir, clientPatterns: [] }), moved, 2)));
      expect(quoting(again)).toEqual(quoting(first).map((message) => message.replace(new RegExp(`${file}:(\\d+)`, 'g'), (_m, line: string) => `${file}:${Number(line) + 2}`)));
    } finally {
      removeTree(dir);
    }
  });

  it('tells layout from everything else', () => {
    const dir = makeTempRoot('forbidlint-layout-move-');
    try {
      const file = path.join(dir, 'nginx.conf');
      const fs = new LiveFs('/');
      const parse = (text: string) => loadNginxConfig(file, { fs: overlayFile(fs, file, text) });
      const base = 'events {}\nhttp {\n  server {\n    listen 8080;\n    location / { deny all; }\n  }\n}\n';
      const moves = (text: string) => layoutMove(parse(base), parse(text));
      expect(moves(base.replace('events {}', 'events {}  '))?.lines.size).toBe(0);
      expect(moves(base.replace('http {\n', 'http {\n\n\n'))?.lines.get(file)?.get(5)).toBe(7);
      // nginx reads a `{` on a line of its own the same.
      expect(moves(base.replace('http {', 'http\n{'))?.lines.get(file)?.get(3)).toBe(4);
      expect(moves(base.replace('    listen', '     listen'))).toBeUndefined();
      expect(moves(base.replace('listen 8080;', 'listen  8080;'))).toBeUndefined();
      expect(moves(base.replace('listen 8080;', 'listen 8080 ;'))).toBeUndefined();
      expect(moves(base.replace('listen 8080;\n', 'listen 8080;'))).toBeUndefined();
      expect(moves(base.replace('{ deny all; }', '{\n deny all; }'))).toBeUndefined();
      expect(moves(base.replace('8080', '8081'))).toBeUndefined();
      expect(moves(base.replace('deny all;', '# deny all;'))).toBeUndefined();
      expect(moves(base.replace('}\n}\n', '}\n}\n}\n'))).toBeUndefined();
      // A disable comment names the line below it: blank lines in its file are linted.
      const commented = base.replace('    location', '    # forbidlint-disable-next-line\n    location');
      expect(layoutMove(parse(commented), parse(commented.replace('events {}', 'events {}\n')))).toBeUndefined();
      expect(layoutMove(parse(commented), parse(commented.replace('events {}', 'events {} ')))).toBeDefined();
    } finally {
      removeTree(dir);
    }
  });
});
