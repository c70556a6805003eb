import { buildNginxModel, type NginxModel } from '../../../src/model/nginx/index.js';
import { parseNginx } from '../../../src/parse/nginx/index.js';

/** A model from config text alone, for pure tables (no filesystem, no includes). */
export function modelOf(text: string): NginxModel {
  const parsed = parseNginx(text, '/etc/nginx/nginx.conf', { context: 'main' });
  if (parsed.diagnostics.length > 0) throw new Error(parsed.diagnostics.map((d) => d.message).join('\n'));
  return buildNginxModel({ dialect: 'nginx', entry: '/etc/nginx/nginx.conf', nodes: parsed.nodes, files: [], diagnostics: [] }, { prefix: '/usr/share/nginx' });
}
