import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DocumentLinter, type DocumentLint, type LintPhase } from '../../src/lsp/document-linter.js';
import { validationRows } from '../helpers/corpus.js';
import { makeTempRoot, removeTree } from '../helpers/tree.js';
import { CORPUS_DIR } from '../helpers/shared-dir.js';

/**
 * The language server lints a document on every edit and keeps what the last lint parsed and
 * modelled. Whatever an edit does (nothing, a new finding, a syntax error, its undoing), a lint
 * through that cache must find exactly what a first lint of the same text finds: checked on the
 * corpus's complete nginx configurations, includes and all.
 */
const FILES = validationRows('nginx')
  .filter((row) => row.kind === 'full')
  .map((row) => path.join(CORPUS_DIR, row.file));

/** Edits of a document's text, each applied to the original; `deny all;` goes into the first block's body. */
const EDITS: readonly { name: string; edit(text: string): string }[] = [
  { name: 'unchanged', edit: (text) => text },
  // Consecutive versions move the lines below the edit by one, two and three.
  { name: 'a new line after the first line', edit: (text) => insertAt(text, text.indexOf('\n') + 1, '\n') },
  { name: 'the second line deleted', edit: (text) => deleteLine(text, 1) },
  { name: 'two lines inserted a quarter in', edit: (text) => insertAt(text, lineStartNear(text, text.length / 4), '\n  deny all;\n') },
  { name: 'a space a third in', edit: (text) => insertAt(text, Math.floor(text.length / 3), ' ') },
  { name: 'a new line halfway', edit: (text) => insertAt(text, Math.floor(text.length / 2), '\n') },
  { name: 'deny all in the first server', edit: (text) => insertAt(text, afterFirst(text, 'server {'), ' deny all;') },
  { name: 'deny all in the first location', edit: (text) => insertAt(text, afterFirst(text, 'location / {'), ' deny all;') },
  { name: 'a character deleted two thirds in', edit: (text) => text.slice(0, Math.floor((text.length * 2) / 3)) + text.slice(Math.floor((text.length * 2) / 3) + 1) },
  { name: 'a stray } a quarter in', edit: (text) => insertAt(text, Math.floor(text.length / 4), '}') },
  { name: 'back to the original', edit: (text) => text },
];

function insertAt(text: string, at: number, inserted: string): string {
  return text.slice(0, at) + inserted + text.slice(at);
}

function deleteLine(text: string, index: number): string {
  const lines = text.split('\n');
  lines.splice(index, 1);
  return lines.join('\n');
}

function lineStartNear(text: string, at: number): number {
  return text.lastIndexOf('\n', Math.floor(at)) + 1;
}

function afterFirst(text: string, needle: string): number {
  const at = text.indexOf(needle);
  return at < 0 ? 0 : at + needle.length;
}

function messagesOf(lint: DocumentLint): unknown {
  return lint.kind === 'linted' ? lint.messages : lint;
}

describe('DocumentLinter with the caches of earlier lints', () => {
  it.each(FILES)('%s: every edit finds what a first lint finds', async (file) => {
    const original = readFileSync(file, 'utf8');
    const options = { cwd: path.dirname(file), clientPatterns: [] };
    const warm = new DocumentLinter(options);
    const lint = (linter: DocumentLinter, text: string, version: number, phase: LintPhase) =>
      linter.lint({ uri: pathToFileURL(file).href, file, languageId: 'nginx', version, text }, phase);
    for (const [version, { name, edit }] of EDITS.entries()) {
      const text = edit(original);
      for (const phase of ['config', 'filesystem'] as const) {
        const cached = messagesOf(await lint(warm, text, version, phase));
        expect(cached, `${name}, ${phase} pass`).toEqual(messagesOf(await lint(new DocumentLinter(options), text, version, phase)));
      }
    }
  });

  it('finds what a first lint finds, at the same positions, as lines come and go above servers with findings', async () => {
    const dir = makeTempRoot('forbidlint-lsp-shift-');
    try {
      const file = path.join(dir, 'nginx.conf');
      const server = (n: number) => [
        '  server {',
        n === 1 ? '    listen 70000;' : `    listen 127.0.0.1:${8000 + n};`,
        '    location / { deny all; }',
        '    location ~ \\.php(?R)$ { return 403; }',
        '    location /private/ {',
        '      deny all;',
        '    }',
        '  }',
      ];
      const original = ['events {}', 'http {', ...[0, 1, 2, 3].flatMap(server), '}', ''];
      const lines = [...original];
      const options = { cwd: dir, clientPatterns: [] };
      const warm = new DocumentLinter(options);
      const lint = (linter: DocumentLinter, version: number) =>
        linter.lint({ uri: pathToFileURL(file).href, file, languageId: 'nginx', version, text: lines.join('\n') }, 'config');
      // Lines typed and deleted above, inside and between the servers.
      const edits: readonly [at: number, remove: number, insert: string[]][] = [[0, 0, ['']], [3, 0, ['', '']], [0, 1, []], [12, 0, ['    # moved']], [2, 2, []], [1, 0, ['  server {', '  }']]];
      // Findings of a rule and diagnostics of the model, in every server.
      expect(messagesOf(await lint(warm, 0))).toEqual(
        expect.arrayContaining([expect.objectContaining({ ruleId: 'nginx/deny-all', line: 32 }), expect.objectContaining({ ruleId: null, line: 30 }), expect.objectContaining({ ruleId: null, line: 12 })]),
      );
      for (const [version, [at, remove, insert]] of edits.entries()) {
        lines.splice(at, remove, ...insert);
        expect(messagesOf(await lint(warm, version + 1)), `edit ${version}`).toEqual(messagesOf(await lint(new DocumentLinter(options), version + 1)));
      }
    } finally {
      removeTree(dir);
    }
  });

  it('sees findings come and go through the cache', async () => {
    const file = FILES.find((f) => f.endsWith('nginx-src/conf/nginx.conf')) as string;
    const original = readFileSync(file, 'utf8');
    const warm = new DocumentLinter({ cwd: path.dirname(file), clientPatterns: [] });
    const denyAll = async (text: string, version: number) => {
      const lint = await warm.lint({ uri: pathToFileURL(file).href, file, languageId: 'nginx', version, text }, 'config');
      return lint.kind === 'linted' ? lint.messages.filter((m) => m.ruleId === 'nginx/deny-all').length : -1;
    };
    expect(await denyAll(original, 1)).toBe(0);
    expect(await denyAll(insertAt(original, afterFirst(original, 'location / {'), ' deny all;'), 2)).toBe(1);
    expect(await denyAll(original, 3)).toBe(0);
  });
});
