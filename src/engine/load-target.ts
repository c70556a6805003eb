import type { ParsedConfig } from '../parse/ast.js';
import type { FsView } from '../fs/types.js';
import { loadApacheConfig } from '../parse/apache/index.js';
import { loadNginxConfig } from '../parse/nginx/index.js';
import { buildApacheModel } from '../model/apache/index.js';
import { buildNginxModel } from '../model/nginx/index.js';
import type { ConfigModel, LintTarget } from './events.js';
import { overlayFile } from './overlay-fs.js';

/** Reads a target the way its server would, includes and all, through `fs` (confined to --root). */
export function loadTarget(target: LintTarget, fs: FsView): ParsedConfig {
  const view = target.text === undefined ? fs : overlayFile(fs, target.entry, target.text);
  return target.dialect === 'nginx'
    ? loadNginxConfig(target.entry, { fs: view })
    : loadApacheConfig(target.entry, { fs: view, ...(target.serverRoot !== undefined ? { serverRoot: target.serverRoot } : {}) });
}

/**
 * The server model rules see in `server` and `fsEntry`. A .htaccess or a lone snippet has no
 * server of its own, so it gets none.
 */
export function buildModel(target: LintTarget, config: ParsedConfig): ConfigModel | undefined {
  if (target.kind === 'htaccess' || target.kind === 'snippet') return undefined;
  return target.dialect === 'nginx' ? buildNginxModel(config) : buildApacheModel(config);
}
