import type { ParsedConfig } from '../parse/ast.js';
import type { FsView } from '../fs/types.js';
import { loadApacheConfig } from '../parse/apache/index.js';
import { loadNginxConfig, NginxParseCache } from '../parse/nginx/index.js';
import { buildApacheModel } from '../model/apache/index.js';
import { buildNginxModel, NginxModelCache } from '../model/nginx/index.js';
import type { ConfigModel, LintTarget } from './events.js';
import { overlayFile } from './overlay-fs.js';
import { VerdictCache } from '../probe/verdict-cache.js';
import { LayoutCache } from './layout-edit.js';

/**
 * What the lints of one document keep for the next: an editor lints on every keystroke, and
 * the parts of the config whose text did not change parse and model to what they did before.
 */
export interface LintCache {
  nginxParse: NginxParseCache;
  nginxModel: NginxModelCache;
  /** What the probe simulated, for config passes whose server blocks kept their content. */
  verdicts: VerdictCache;
  /** The last config pass's findings, for edits that changed nothing but layout. */
  layout: LayoutCache;
}

export function createLintCache(): LintCache {
  const nginxParse = new NginxParseCache();
  return { nginxParse, nginxModel: new NginxModelCache(nginxParse), verdicts: new VerdictCache(), layout: new LayoutCache() };
}

/** Reads a target the way its server would, includes and all, through `fs` (confined to --root). */
export function loadTarget(target: LintTarget, fs: FsView, cache?: LintCache): ParsedConfig {
  const view = target.text === undefined ? fs : overlayFile(fs, target.entry, target.text);
  return target.dialect === 'nginx'
    ? loadNginxConfig(target.entry, { fs: view, ...(cache ? { reuse: cache.nginxParse } : {}) })
    : loadApacheConfig(target.entry, { fs: view, ...(target.serverRoot !== undefined ? { serverRoot: target.serverRoot } : {}), ...(target.kind === 'htaccess' ? { entryKind: 'htaccess' } : {}) });
}

/**
 * The server model rules see in `server` and `fsEntry`. A .htaccess or a lone snippet has no
 * server of its own, so it gets none.
 */
export function buildModel(target: LintTarget, config: ParsedConfig, cache?: LintCache): ConfigModel | undefined {
  if (target.kind === 'htaccess' || target.kind === 'snippet') return undefined;
  return target.dialect === 'nginx' ? buildNginxModel(config, cache ? { cache: cache.nginxModel } : {}) : buildApacheModel(config);
}
