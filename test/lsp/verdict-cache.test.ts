import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DocumentLinter, type DocumentLint } from '../../src/lsp/document-linter.js';
import { LiveFs } from '../../src/fs/live-fs.js';
import { loadUserDb } from '../../src/fs/users.js';
import { loadNginxConfig } from '../../src/parse/nginx/index.js';
import { buildNginxModel } from '../../src/model/nginx/index.js';
import { createServerProbe } from '../../src/probe/probe.js';
import { VerdictCache } from '../../src/probe/verdict-cache.js';
import { makeTempRoot, removeTree } from '../helpers/tree.js';

/**
 * The config passes of the language server reuse the verdicts the probe simulated in the last
 * lint where the content they depend on is unchanged, moved to the lines it now stands at. The
 * cache must never change what is found: after any series of edits a lint through it finds
 * exactly what a first lint of the same text finds.
 */
function site(dir: string, n: number): string[] {
  return [
    '  server {',
    `    listen 127.0.0.1:${8100 + (n % 3)}${n === 0 ? ' default_server' : ''};`,
    `    server_name s${n}.example.test;`,
    `    root ${dir}/www;`,
    '    index index.html;',
    '    location / { try_files $uri $uri/ =404; } location /a/ { deny all; }',
    '    location /private/ {',
    '      allow 10.0.0.0/8;',
    '      deny all;',
    '    }',
    `    location /locked/ { root ${dir}/locked; }`,
    '    location = /health { return 200; }',
    '    location ~ \\.php$ {',
    '      return 403;',
    '    }',
    '  }',
  ];
}

function makeProject(): { dir: string; file: string; main: string[]; included: string; more: string[] } {
  const dir = makeTempRoot('forbidlint-verdict-cache-');
  mkdirSync(path.join(dir, 'www/sub'), { recursive: true });
  writeFileSync(path.join(dir, 'www/index.html'), 'hi\n');
  mkdirSync(path.join(dir, 'locked/locked'), { recursive: true });
  chmodSync(path.join(dir, 'locked'), 0o700);
  mkdirSync(path.join(dir, 'sites-enabled'));
  const included = path.join(dir, 'sites-enabled/more.conf');
  const more = [...site(dir, 4), ...site(dir, 5), ''];
  writeFileSync(included, more.join('\n'));
  const main = ['user www-data;', 'events {}', 'http {', '  deny 192.0.2.1;', '  include sites-enabled/*.conf;', ...[0, 1, 2, 3].flatMap((n) => site(dir, n)), '}', ''];
  const file = path.join(dir, 'nginx.conf');
  writeFileSync(file, main.join('\n'));
  return { dir, file, main, included, more };
}

/** Everything a lint published: the document's findings and the included files'. */
function published(lint: DocumentLint): unknown {
  return lint.kind === 'linted' ? { messages: lint.messages, others: [...lint.others].sort(([a], [b]) => a.localeCompare(b)) } : lint;
}

/** An edit of nginx.conf, or of the site file it includes (an open buffer of the editor). */
type Edit = { kind: 'newline' | 'space' | 'deny' | 'delete' | 'split' | 'duplicate'; line: number; included: boolean };

function apply(lines: string[], { kind, line }: Edit): void {
  const at = line % lines.length;
  const text = lines[at] ?? '';
  switch (kind) {
    case 'newline':
      lines.splice(at, 0, '');
      break;
    case 'space':
      lines[at] = `${text} `;
      break;
    case 'deny':
      // A new refusal in whatever block the line stands in (a config error where none is allowed).
      lines.splice(at + 1, 0, '      deny all;');
      break;
    case 'delete':
      lines.splice(at, 1);
      break;
    case 'split':
      // Two blocks of one line moved to different lines: quoted `file:line`s become ambiguous.
      lines[at] = text.replace('} location', '}\n    location');
      break;
    case 'duplicate': {
      // A copy of a server after it: the same content at another place among the servers, which no Host reaches.
      const starts = lines.flatMap((l, i) => (l === '  server {' ? [i] : []));
      const start = starts[line % Math.max(starts.length, 1)];
      const end = start === undefined ? -1 : lines.indexOf('  }', start);
      if (start !== undefined && end > start) lines.splice(end + 1, 0, ...lines.slice(start, end + 1));
      break;
    }
  }
}

/**
 * Edits that change what nginx reads without moving a line: an argument, a location's path, a
 * directive every server inherits (`http`), the `listen` and `server_name` that decide which
 * server answers for the others, each in nginx.conf or in the site file it includes.
 */
const TOKEN_EDITS = ['argument', 'location path', 'access', 'http level', 'server name', 'listen'] as const;
type TokenEdit = { kind: (typeof TOKEN_EDITS)[number]; line: number; included: boolean };

function applyToken(lines: string[], { kind, line }: TokenEdit): void {
  const on = (pattern: RegExp, change: (text: string) => string): void => {
    const candidates = lines.flatMap((text, i) => (pattern.test(text) ? [i] : []));
    const at = candidates[line % Math.max(candidates.length, 1)];
    if (at !== undefined) lines[at] = change(lines[at] as string);
  };
  switch (kind) {
    case 'argument':
      on(/return (200|403);/, (text) => text.replace(/return (\d+);/, (_m, code: string) => `return ${code === '200' ? '403' : '200'};`));
      break;
    case 'location path':
      on(/location \/(private|a)\//, (text) => text.replace(/location \/(\w+)\//, 'location /$1x/'));
      break;
    case 'access':
      on(/allow 10\.0\.0\.0\/8;|deny all;/, (text) => (text.includes('allow') ? text.replace('allow 10.0.0.0/8;', 'allow all;') : text.replace('deny all;', 'allow all;')));
      break;
    case 'http level':
      // What every server inherits: in nginx.conf the http block's own deny; in the site file, a server's root.
      on(/^ {2}deny 192\.0\.2\.1;|^ {2}deny all;|root .*\/www;/, (text) => (text.startsWith('  deny 192') ? '  deny all;' : text.startsWith('  deny all') ? '  deny 192.0.2.1;' : text.replace('/www;', '/locked;')));
      break;
    case 'server name':
      on(/server_name s\d/, (text) => text.replace(/s(\d)\./, (_m, n: string) => `s${(Number(n) + 1) % 6}.`));
      break;
    case 'listen':
      on(/listen 127\.0\.0\.1:81\d\d/, (text) => text.replace(/:81(\d\d)/, (_m, n: string) => `:81${String((Number(n) + 1) % 3).padStart(2, '0')}`));
      break;
  }
}

/**
 * Runs random sequences of `edits` on the project through one long-lived DocumentLinter and
 * holds each of its results to a fresh linter's on the same texts; the number of steps whose
 * findings changed, so a caller can check that the edits mattered.
 */
async function holdToFreshLints<E extends { included: boolean }>(edits: fc.Arbitrary<E>, apply: (lines: string[], edit: E) => void, run: { numRuns: number; seed?: number }): Promise<number> {
  const { dir, file, main, included, more } = makeProject();
  try {
    const buffers = new Map<string, string>();
    const options = { cwd: dir, clientPatterns: [], openBuffers: () => buffers };
    const lint = (linter: DocumentLinter, text: string, version: number) =>
      linter.lint({ uri: pathToFileURL(file).href, file, languageId: 'nginx', version, text }, 'config');
    let changedFindings = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(edits, { minLength: 1, maxLength: 5 }), async (sequence) => {
        const warm = new DocumentLinter(options);
        const lines = [...main];
        const site = [...more];
        buffers.clear();
        let last = published(await lint(warm, lines.join('\n'), 1));
        for (const [index, change] of sequence.entries()) {
          apply(change.included ? site : lines, change);
          buffers.set(included, site.join('\n'));
          const text = lines.join('\n');
          const now = published(await lint(warm, text, index + 2));
          expect(now, JSON.stringify(sequence.slice(0, index + 1))).toEqual(published(await lint(new DocumentLinter(options), text, index + 2)));
          if (JSON.stringify(now) !== JSON.stringify(last)) changedFindings++;
          last = now;
        }
      }),
      run,
    );
    return changedFindings;
  } finally {
    removeTree(dir);
  }
}

describe('verdicts kept across the config passes of a document', () => {
  it('never change what a lint finds, whatever the edits', async () => {
    // Lines added in a server move every server below it and the end of `http`, and nothing else.
    const edit = fc.record({ kind: fc.constantFrom('newline', 'newline', 'space', 'deny', 'delete', 'split', 'duplicate'), line: fc.nat(200), included: fc.boolean() }) as fc.Arbitrary<Edit>;
    await holdToFreshLints(edit, apply, { numRuns: 16 });
  }, 240_000);

  it('never change what a lint finds when tokens change: in one server, at the http level, in server selection, in an included file', async () => {
    const edit = fc.record({ kind: fc.constantFrom(...TOKEN_EDITS), line: fc.nat(200), included: fc.boolean() }) as fc.Arbitrary<TokenEdit>;
    const changedFindings = await holdToFreshLints(edit, applyToken, { numRuns: 20, seed: 1313 });
    // The edits changed what was found, so a cache handing on stale findings would have been seen.
    expect(changedFindings).toBeGreaterThan(10);
  }, 240_000);

  it('asks nothing again when lines only moved, and answers what a fresh probe answers', () => {
    const { dir, file, main } = makeProject();
    try {
      const fs = new LiveFs('/');
      const users = loadUserDb(fs).users;
      const cache = new VerdictCache();
      const probeOf = (text: string, verdicts?: VerdictCache) => {
        writeFileSync(file, text);
        const parsed = loadNginxConfig(file, { fs });
        const probe = createServerProbe(parsed, { dialect: 'nginx', model: buildNginxModel(parsed) }, { fs, users, fsEnabled: false, ...(verdicts ? { verdicts: { cache: verdicts, view: fs } } : {}) });
        const answers = probe.model.model.servers.flatMap((server) => probe.refusals(server));
        probe.end();
        return { probe, answers };
      };
      const first = probeOf(main.join('\n'), cache);
      expect(first.probe.simulated).toBeGreaterThan(0);
      expect(first.answers.length).toBeGreaterThan(0);
      // Three lines more above every server of nginx.conf: its verdicts move, none is simulated again.
      const moved = ['', '', '', ...main].join('\n');
      const again = probeOf(moved, cache);
      expect(again.probe.simulated).toBe(0);
      const fresh = probeOf(moved);
      expect(again.answers).toEqual(fresh.answers);
      expect(again.answers.map((r) => r.verdict.decidedBy?.line)).toEqual(first.answers.map(({ verdict: { decidedBy } }) => (decidedBy && decidedBy.file === file ? decidedBy.line + 3 : decidedBy?.line)));
      // A line added inside the first server moves the servers below it and the end of `http`:
      // the others' refusals are handed on as they were, and all of them are what a fresh probe finds.
      const inside = moved.replace('    index index.html;', '    index index.html;\n');
      const within = probeOf(inside, cache);
      expect(within.probe.simulated).toBe(0);
      expect(within.answers).toEqual(probeOf(inside).answers);
      probeOf(moved, cache);
      // A server whose content changed is asked again, and only it.
      const denied = moved.replace('location = /health { return 200; }', 'location = /health { deny all; }');
      const changed = probeOf(denied, cache);
      expect(changed.probe.simulated).toBeGreaterThan(0);
      expect(changed.probe.simulated).toBeLessThan(first.probe.simulated);
      expect(changed.answers).toEqual(probeOf(denied).answers);
    } finally {
      removeTree(dir);
    }
  });
});
