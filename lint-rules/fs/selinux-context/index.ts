import { createRule, NO_OPTIONS_SCHEMA } from '../../../src/engine/rule.js';
import { shellQuote } from '../../../src/fs/remedy.js';
import { contextType, httpdCanRead, readSelinuxState, type SelinuxState } from '../../../src/fs/selinux.js';
import { describeServer } from '../../shared/server-label.js';
import { urlOfPath } from '../../shared/served-url.js';

function isBelow(path: string, dir: string): boolean {
  return path.startsWith(dir === '/' ? '/' : `${dir}/`);
}

export default createRule({
  meta: {
    id: 'fs/selinux-context',
    type: 'problem',
    docs: { description: 'Report served files whose SELinux type the web server domain may not read under the enforcing targeted policy', recommended: 'recommended' },
    messages: {
      refused: '{{path}} is labelled {{type}}, which the targeted policy never lets httpd_t read: with SELinux enforcing ({{source}}), {{server}} answers 403 for {{url}} whatever the mode bits say',
      booleanOff: '{{path}} is labelled {{type}}, which httpd_t may read only while the boolean {{boolean}} is on, and it is off: {{server}} answers 403 for {{url}}',
      booleanUnknown: '{{path}} is labelled {{type}}, which httpd_t may read only while the boolean {{boolean}} is on (getsebool {{boolean}}; off by default): if it is off, {{server}} answers 403 for {{url}}',
      unknownType: '{{path}} is labelled {{type}}, a type the httpd rules of the targeted policy do not name: if httpd_t may not read it (sesearch -A -s httpd_t -t {{type}}), {{server}} answers 403 for {{url}}',
    },
    schema: NO_OPTIONS_SCHEMA,
    defaultSeverity: 'error',
    hasSuggestions: true,
  },
  defaultOptions: {},
  create(context) {
    let state: SelinuxState | undefined | null = null;
    // A refused directory hides its whole subtree: one finding for it.
    const reported: string[] = [];
    return {
      fsEntry({ entry, tree, server }) {
        const { stat } = entry;
        if (stat.context === undefined || stat.type === 'symlink') return;
        if (state === null) state = readSelinuxState(context.fs);
        if (state === undefined || state.mode !== 'enforcing' || state.policy !== 'targeted') return;
        const type = contextType(stat.context);
        if (type === undefined || reported.some((dir) => isBelow(entry.path, dir))) return;
        const verdict = httpdCanRead(type, state);
        if (verdict.readable === true) return;
        if (stat.type === 'dir') reported.push(entry.path);
        const root = tree.fsPath.replace(/(.)\/+$/, '$1');
        const relabel = `semanage fcontext -a -t httpd_sys_content_t ${shellQuote(`${root}(/.*)?`)} && restorecon -Rv ${shellQuote(root)}`;
        const suggest = [
          ...(verdict.boolean === undefined ? [] : [{ desc: `let httpd_t read ${type}`, command: `setsebool -P ${verdict.boolean} on` }]),
          { desc: `label the served tree as web content`, command: relabel },
        ];
        const data = { path: entry.path, type, source: state.source, boolean: verdict.boolean ?? '', server: describeServer(server), url: urlOfPath(tree, entry.path) ?? entry.path };
        const messageId = verdict.readable === false ? (verdict.boolean === undefined ? 'refused' : 'booleanOff') : verdict.boolean === undefined ? 'unknownType' : 'booleanUnknown';
        context.report({ path: entry.path, node: tree.directive, messageId, data, suggest, ...(verdict.readable === 'uncertain' ? { severity: 'warn' as const } : {}) });
      },
    };
  },
});
