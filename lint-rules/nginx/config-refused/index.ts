import * as posixPath from 'node:path/posix';
import { createRule, NO_OPTIONS_SCHEMA } from '../../../src/engine/rule.js';
import type { FsView } from '../../../src/fs/types.js';
import { effectiveDirectives, type Node } from '../../../src/parse/ast.js';
import { contextOfTop, MAIN } from '../../../src/validate/nginx/contexts.js';
import { DATABASE_MODULES } from '../../../src/validate/nginx/directive-arity.js';
import { validateNginx } from '../../../src/validate/nginx/validate.js';

/**
 * Whether every `load_module` names a module of the directive database: only then is a name the
 * database does not know a directive no loaded module defines (nginx: "unknown directive").
 */
function loadsOnlyKnownModules(nodes: readonly Node[]): boolean {
  for (const directive of effectiveDirectives(nodes)) {
    if (directive.name !== 'load_module') continue;
    const file = directive.args[0]?.value.split('/').at(-1) ?? '';
    if (!DATABASE_MODULES.has(file.replace(/\.so$/, ''))) return false;
  }
  return true;
}

/** Debian's `include /etc/nginx/modules-enabled/*.conf;`: the libnginx-mod-* packages installed. */
const MODULES_ENABLED = /(^|\/)modules-enabled\/\*(\.conf)?$/;

/**
 * Whether the configuration loads the modules a Debian system enabled from a directory the
 * audited system does not have (a repository's copy of /etc/nginx, a lone file read in Debian's
 * stock nginx.conf): which third-party modules the server loads is then unknown, and a name the
 * database does not know may be one of theirs (more_set_headers, brotli, content_by_lua_block).
 */
function loadsUnseenModules(nodes: readonly Node[], fs: FsView, prefix: string): boolean {
  return nodes.some((node) => {
    const pattern = node.type === 'directive' && node.name === 'include' ? node.args[0]?.value : undefined;
    if (pattern === undefined || !MODULES_ENABLED.test(pattern)) return false;
    return !fs.stat(posixPath.resolve(prefix, posixPath.dirname(pattern))).ok;
  });
}

export default createRule({
  meta: {
    id: 'nginx/config-refused',
    type: 'problem',
    docs: { description: 'Report a directive `nginx -t` refuses: wrong block, wrong argument count, a bad flag, a duplicate, an unknown name', recommended: 'recommended' },
    messages: {
      refused: '{{message}}: `nginx -t` refuses this configuration and nginx does not start or reload with it',
    },
    schema: NO_OPTIONS_SCHEMA,
    defaultSeverity: 'error',
  },
  defaultOptions: {},
  create(context) {
    return {
      finish() {
        const { config } = context;
        if (config.dialect !== 'nginx') return;
        // What the entry holds says where it stands: a site file is read inside `http`.
        const where = contextOfTop(new Set([...effectiveDirectives(config.nodes)].map((d) => d.name)));
        const prefix = posixPath.dirname(config.entry);
        const reportUnknown = where === MAIN && loadsOnlyKnownModules(config.nodes) && !loadsUnseenModules(config.nodes, context.fs, prefix);
        for (const refusal of validateNginx(config.nodes, { context: where, reportUnknown })) {
          context.report({ loc: refusal.loc, messageId: 'refused', data: { message: refusal.message } });
        }
      },
    };
  },
});
