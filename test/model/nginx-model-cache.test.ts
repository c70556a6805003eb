import { afterAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LiveFs } from '../../src/fs/live-fs.js';
import { overlayFile } from '../../src/engine/overlay-fs.js';
import { buildNginxModel, NginxModelCache, type NginxModel } from '../../src/model/nginx/index.js';
import { loadNginxConfig, NginxParseCache } from '../../src/parse/nginx/index.js';
import { makeTempRoot, removeTree } from '../helpers/tree.js';

/**
 * A document modelled again after each edit, through the caches the language server keeps: the
 * servers whose text did not change are the very objects of the last model, those an edit only
 * moved up or down are the last model's moved to the new nodes, the others are built again, and
 * each model equals one built from scratch.
 */
const dir = makeTempRoot('forbidlint-model-cache-');
afterAll(() => removeTree(dir));

const file = join(dir, 'nginx.conf');
writeFileSync(join(dir, 'snippet.conf'), 'index index.html;\n');
const LINES = [
  'events {}',
  'http {',
  '  server {',
  '    listen 127.0.0.1:8080;',
  '    location / { deny all; }',
  '  }',
  '  server {',
  '    listen 127.0.0.1:8081;',
  '    location /a/ { autoindex on; limit_except GET { deny all; } }',
  '  }',
  '  server {',
  '    listen 127.0.0.1:8082;',
  '    include snippet.conf;',
  '  }',
  '}',
];

/** Edits a copy of LINES: `line` gets `text` appended, or is replaced when `replace` is set. */
function edited(edits: readonly { line: number; text: string; replace?: boolean }[]): string {
  const lines = [...LINES];
  for (const { line, text, replace } of edits) lines[line] = replace ? text : `${lines[line] ?? ''}${text}`;
  return lines.join('\n');
}

function session() {
  const parseCache = new NginxParseCache();
  const modelCache = new NginxModelCache(parseCache);
  const fs = new LiveFs('/');
  return (text: string): { cached: NginxModel; fresh: NginxModel } => {
    const view = overlayFile(fs, file, text);
    return {
      cached: buildNginxModel(loadNginxConfig(file, { fs: view, reuse: parseCache }), { cache: modelCache }),
      fresh: buildNginxModel(loadNginxConfig(file, { fs: view })),
    };
  };
}

describe('nginx model cache', () => {
  it.each([
    { edit: 'a trailing space in the first server', edits: [{ line: 3, text: ' ' }], reused: [false, true, false], moved: [false, false, false] },
    { edit: 'a directive in the second server', edits: [{ line: 7, text: ' autoindex on;' }], reused: [true, false, false], moved: [false, false, false] },
    { edit: 'a comment after the http block', edits: [{ line: 14, text: ' # end' }], reused: [true, true, false], moved: [false, false, false] },
    { edit: 'an http-level directive every server inherits', edits: [{ line: 1, text: ' index main.html;' }], reused: [false, false, false], moved: [false, false, false] },
    // Nodes carry their line: the servers below a new line are moved, the one holding an include read again.
    { edit: 'a line inserted above every server', edits: [{ line: 0, text: 'events {}\n', replace: true }], reused: [false, false, false], moved: [true, true, false] },
    { edit: 'a line inserted in the first server', edits: [{ line: 3, text: '\n' }], reused: [false, false, false], moved: [false, true, false] },
  ])('after $edit, reuses exactly the servers whose text and place are unchanged, and moves those whose text is', ({ edits, reused, moved }) => {
    const model = session();
    const before = model(LINES.join('\n')).cached;
    const { cached, fresh } = model(edited(edits));
    expect(cached.servers.map((server, i) => server === before.servers[i])).toEqual(reused);
    // A moved server is a new object that keeps the parts holding no node, such as its names.
    expect(cached.servers.map((server, i) => server !== before.servers[i] && server.names === before.servers[i]?.names)).toEqual(moved);
    expect(cached).toEqual(fresh);
  });

  it('builds a server holding an include again, so a change of the included file shows', () => {
    const model = session();
    const text = LINES.join('\n');
    expect(model(text).cached.servers[2]?.settings.index.files).toEqual(['index.html']);
    writeFileSync(join(dir, 'snippet.conf'), 'index home.html;\n');
    const { cached, fresh } = model(text);
    expect(cached.servers[2]?.settings.index.files).toEqual(['home.html']);
    expect(cached).toEqual(fresh);
  });

  it('reports the diagnostics of a reused server again', () => {
    const model = session();
    const badListen = { line: 7, text: '    listen 70000;', replace: true };
    const before = model(edited([badListen])).cached;
    expect(before.diagnostics).toMatchObject([{ code: 'invalid-listen', loc: { line: 8 } }]);
    const { cached, fresh } = model(edited([badListen, { line: 3, text: ' ' }]));
    expect(cached.servers[1]).toBe(before.servers[1]);
    expect(cached.diagnostics).toMatchObject([{ code: 'invalid-listen', loc: { line: 8 } }]);
    expect(cached.diagnostics).toEqual(fresh.diagnostics);
  });

  it('reports the diagnostics of a moved server at their new line', () => {
    const model = session();
    const badListen = { line: 7, text: '    listen 70000;', replace: true };
    const before = model(edited([badListen])).cached;
    const { cached, fresh } = model(edited([badListen, { line: 0, text: 'events {}\n\n', replace: true }]));
    expect(cached.servers[1]?.names).toBe(before.servers[1]?.names);
    expect(cached.diagnostics).toMatchObject([{ code: 'invalid-listen', loc: { line: 10 } }]);
    expect(cached.diagnostics).toEqual(fresh.diagnostics);
  });
});
