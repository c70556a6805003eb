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

/** What typing does: characters nginx treats specially, new lines, whole directives and blocks, deletions. */
const edit = fc.record({
  at: fc.nat(),
  remove: fc.nat({ max: 4 }),
  insert: fc.constantFrom('', ' ', '\n', ';', '{', '}', '"', '#', '\\', '$', 'x', ' deny all;', 'location /a/ { deny all; }\n', 'server { listen 81; }\n', 'include missing.conf;', '\u00e9'),
});

const session = fc.tuple(fc.constantFrom(...corpusFiles), fc.array(edit, { minLength: 1, maxLength: 8 }));

describe('nginx parse and model caches', () => {
  it('load and model every version of an edited file as a first load does', () => {
    const fs = new LiveFs('/');
    fc.assert(
      fc.property(session, ([file, edits]) => {
        const parseCache = new NginxParseCache();
        const modelCache = new NginxModelCache();
        let text = readFileSync(file, 'latin1');
        for (const [step, { at, remove, insert }] of [{ at: 0, remove: 0, insert: '' }, ...edits].entries()) {
          const i = text.length === 0 ? 0 : at % text.length;
          text = text.slice(0, i) + insert + text.slice(i + remove);
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
