import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { overlayFile } from '../../src/engine/overlay-fs.js';
import { LiveFs } from '../../src/fs/live-fs.js';
import { buildNginxModel, NginxModelCache } from '../../src/model/nginx/index.js';
import { loadNginxConfig, NginxParseCache } from '../../src/parse/nginx/index.js';
import { CORPUS_DIR } from '../helpers/shared-dir.js';

/**
 * An editor's session on a corpus file: edit after edit, the file is loaded through a parse
 * cache and modelled through a model cache, and each time the tree, its diagnostics and the
 * model equal those of a first load of the same text, positions and all.
 */
function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

const corpusFiles = walk(join(CORPUS_DIR, 'nginx')).filter((path) => !/LICENSE|\.md$|\.txt$/.test(path));

/** Characters typed or deleted at an offset, or whole lines at a line index (a line count: lines removed). */
type Edit = { kind: 'typing'; at: number; remove: number; insert: string } | { kind: 'lines'; at: number; remove: number; insert: readonly string[] };

/** What typing does: characters nginx treats specially, new lines, whole directives and blocks, deletions. */
const typing: fc.Arbitrary<Edit> = fc.record({
  kind: fc.constant('typing'),
  at: fc.nat(),
  remove: fc.nat({ max: 4 }),
  insert: fc.constantFrom('', ' ', '\n', ';', '{', '}', '"', '#', '\\', '$', 'x', ' deny all;', 'location /a/ { deny all; }\n', 'server { listen 81; }\n', 'include missing.conf;', '\u00e9'),
});

/** Whole lines inserted or deleted: everything below moves up or down with its text unchanged. */
const lines: fc.Arbitrary<Edit> = fc.record({
  kind: fc.constant('lines'),
  at: fc.nat(),
  remove: fc.nat({ max: 3 }),
  insert: fc.constantFrom([], [''], ['', ''], ['    deny all;'], ['# a comment', '  server { listen 82; }']),
});

function applyEdit(text: string, edit: Edit): string {
  if (edit.kind === 'typing') {
    const i = text.length === 0 ? 0 : edit.at % text.length;
    return text.slice(0, i) + edit.insert + text.slice(i + edit.remove);
  }
  const all = text.split('\n');
  all.splice(edit.at % all.length, edit.remove, ...edit.insert);
  return all.join('\n');
}

const session = fc.tuple(fc.constantFrom(...corpusFiles), fc.array(fc.oneof(typing, lines), { minLength: 1, maxLength: 8 }));

describe('nginx parse and model caches', () => {
  it('load and model every version of an edited file as a first load does', () => {
    const fs = new LiveFs('/');
    fc.assert(
      fc.property(session, ([file, edits]) => {
        const parseCache = new NginxParseCache();
        const modelCache = new NginxModelCache(parseCache);
        let text = readFileSync(file, 'latin1');
        for (const [step, edit] of [{ kind: 'typing', at: 0, remove: 0, insert: '' } satisfies Edit, ...edits].entries()) {
          text = applyEdit(text, edit);
          const view = overlayFile(fs, file, text);
          const cached = loadNginxConfig(file, { fs: view, reuse: parseCache });
          const fresh = loadNginxConfig(file, { fs: view });
          expect(cached, `parse after edit ${step}`).toEqual(fresh);
          expect(buildNginxModel(cached, { cache: modelCache }), `model after edit ${step}`).toEqual(buildNginxModel(fresh));
        }
      }),
      { numRuns: 300 },
    );
  });
});
