import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DidChangeTextDocumentNotification, DidOpenTextDocumentNotification } from 'vscode-languageserver-protocol/node.js';
import { DocumentLinter } from '../src/lsp/document-linter.js';
import { startSession } from '../test/lsp/lsp-client.js';
import { formatComparison, median } from './lib.js';

/**
 * Editor latency: the time from a didChange to the publishDiagnostics of its config pass, on a
 * 5,000-line nginx config, next to the same lint run in-process in the same run (the ratio is
 * what the protocol, the process boundary and the scheduling cost). Two kinds of keystroke, 30
 * of each: a space at the end of a line, which changes one directive's text, and a new line,
 * which moves every line below it (what was read there is handed back moved, not read again),
 * spread over the file or always near the top, where every server below moves.
 * Goal: a median under 30 ms for all, so diagnostics follow typing.
 */
const EDITS = 30;
const SERVERS = 238;
/** The site files holding the servers nginx.conf does not: 7 of 17 servers each. */
const SITES = 7;
const GOAL_MS = 30;

interface EditKind {
  name: string;
  /** The document typed in: nginx.conf, or a site file it includes (linted through nginx.conf, every file published). */
  document: 'main' | 'site';
  /** The text inserted at the end of the chosen line. */
  insert: string;
  /** The line edited by the change to `version`. */
  line(version: number, lines: number): number;
}

/** A different line each time, spread over the file; the findings do not change. */
const spread = (version: number, lines: number): number => (version * 163) % lines;

const EDIT_KINDS: readonly EditKind[] = [
  { name: 'a trailing space', document: 'main', insert: ' ', line: spread },
  { name: 'a new line', document: 'main', insert: '\n', line: spread },
  { name: 'a new line in the first server', document: 'main', insert: '\n', line: () => 3 },
  { name: 'a trailing space in an included site file', document: 'site', insert: ' ', line: spread },
];

export default async function lspBench(): Promise<void> {
  const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src/cli/bin.js');
  const dir = mkdtempSync(path.join(tmpdir(), 'forbidlint-lsp-bench-'));
  try {
    mkdirSync(path.join(dir, 'www'));
    writeFileSync(path.join(dir, 'www/index.html'), 'hi\n');
    const { main, site } = largeConfig(dir);
    for (const kind of EDIT_KINDS) {
      const { file, lines } = kind.document === 'main' ? main : site;
      await measureEdits(kind, { bin, dir, file, uri: pathToFileURL(file).href, lines, total: main.lines.length + SITES * site.lines.length });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function measureEdits(kind: EditKind, setup: { bin: string; dir: string; file: string; uri: string; lines: readonly string[]; total: number }): Promise<void> {
  const { bin, dir, file, uri, lines, total } = setup;
  const text = lines.join('\n');
  const session = await startSession(bin, dir);
  void session.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'nginx', version: 1, text } });
  await session.diagnostics.take((p) => p.version === 1, 'the first diagnostics');
  const roundTrips: number[] = [];
  const edited = [...lines];
  const texts: string[] = [];
  for (let version = 2; version <= EDITS + 1; version++) {
    const line = kind.line(version, lines.length);
    const at = { line, character: (edited[line] ?? '').length };
    edited[line] = `${edited[line] ?? ''}${kind.insert}`;
    texts.push(edited.join('\n'));
    const start = performance.now();
    void session.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ range: { start: at, end: at }, text: kind.insert }] });
    await session.diagnostics.take((p) => p.version === version, `diagnostics of version ${version}`);
    roundTrips.push(performance.now() - start);
  }
  await session.stop();

  // The same texts in the same order, so the in-process linter's caches see the same edits.
  const linter = new DocumentLinter({ cwd: dir, clientPatterns: [] });
  await linter.lint({ uri, file, languageId: 'nginx', version: 1, text }, 'config');
  const inProcess: number[] = [];
  for (const [index, edit] of texts.entries()) {
    const start = performance.now();
    await linter.lint({ uri, file, languageId: 'nginx', version: index + 2, text: edit }, 'config');
    inProcess.push(performance.now() - start);
  }

  const ours = median(roundTrips);
  const name = `lsp didChange -> publishDiagnostics, ${kind.name} (${total} lines in ${SITES + 1} files, ${EDITS} edits)`;
  console.log(formatComparison({ name, ours: { ms: ours }, baselineName: 'the same lint in-process', baseline: { ms: median(inProcess) } }));
  console.log(`lsp median ${ours.toFixed(1)} ms ${ours <= GOAL_MS ? 'meets' : 'misses'} goal <= ${GOAL_MS} ms`);
}

/**
 * 238 servers of 21 lines (listen, names, root, index and five locations, one of them denied):
 * half of them in nginx.conf, the others in the site files it includes, as Debian lays them out.
 */
function largeConfig(dir: string): { main: { file: string; lines: string[] }; site: { file: string; lines: string[] } } {
  mkdirSync(path.join(dir, 'sites-enabled'));
  const inline = SERVERS / 2;
  const perSite = (SERVERS - inline) / SITES;
  const main = ['events {}', 'http {', '  include sites-enabled/*.conf;', ...range(0, inline).flatMap((n) => server(dir, n)), '}', ''];
  const sites = range(0, SITES).map((s) => ({ file: path.join(dir, `sites-enabled/site${s}.conf`), lines: [...range(inline + s * perSite, inline + (s + 1) * perSite).flatMap((n) => server(dir, n)), ''] }));
  for (const site of sites) writeFileSync(site.file, site.lines.join('\n'));
  const file = path.join(dir, 'nginx.conf');
  writeFileSync(file, main.join('\n'));
  return { main: { file, lines: main }, site: sites[0] as { file: string; lines: string[] } };
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i);
}

function server(dir: string, n: number): string[] {
  return [
    '  server {',
    `    listen 127.0.0.1:${8000 + n};`,
    `    server_name s${n}.example.test;`,
    `    root ${dir}/www;`,
    '    index index.html;',
    '    location / {',
    '      try_files $uri $uri/ =404;',
    '    }',
    '    location /private/ {',
    '      deny all;',
    '    }',
    '    location /static/ {',
    '      expires 1h;',
    '    }',
    '    location = /health {',
    '      return 200;',
    '    }',
    '    location ~ \\.php$ {',
    '      return 403;',
    '    }',
    '  }',
  ];
}
