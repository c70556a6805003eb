import { posix } from 'node:path';
import { createRule, NO_OPTIONS_SCHEMA, type Suggestion } from '../../../src/engine/rule.js';
import type { NginxLocation } from '../../../src/model/nginx/index.js';
import { effectiveDirectives, type Directive } from '../../../src/parse/ast.js';
import { allLocations, nginxServerOf } from '../nginx-server.js';
import { captureStart } from './capture-start.js';

/** `path` is the fixed part of the alias the rest of the URI is appended to. */
type Finding = { messageId: 'parentTraversal' | 'siblingTraversal'; example: string; path: string; suggest?: Suggestion[] };

/** `$1`, `${1}`, `$name`, `${name}` in an alias path: the regex captures it depends on. */
const CAPTURE_REFERENCE = /\$\{?(\w+)\}?/g;

/**
 * A prefix location replaces exactly its own text with the alias (ngx_http_map_uri_to_path).
 * nginx resolves `..` in the URI before matching, but `/files../` is not a dot segment: when the
 * location lacks the final `/`, whatever follows the prefix is glued to the alias path.
 */
function prefixFinding(location: NginxLocation, alias: string, patternArg: Directive['args'][number]): Finding | undefined {
  if (location.pattern.endsWith('/')) return undefined;
  if (alias.endsWith('/')) {
    const suggest: Suggestion[] =
      patternArg.quote === 'none' ? [{ desc: `end the location with /: location ${location.pattern}/`, fix: { loc: patternArg.loc, text: `${patternArg.raw}/` } }] : [];
    return { messageId: 'parentTraversal', example: `GET ${location.pattern}../`, path: alias, suggest };
  }
  return { messageId: 'siblingTraversal', example: `GET ${location.pattern}-old/`, path: alias };
}

/**
 * In a regex location the alias is the whole path, captures expanded. A capture that can begin
 * mid-segment and may start with `.` climbs out with `..` when the alias puts a `/` before it;
 * a capture glued to a partial name reaches the name's siblings.
 */
function regexFinding(location: NginxLocation, alias: string): Finding | undefined {
  for (const reference of alias.matchAll(CAPTURE_REFERENCE)) {
    const [text, ref = ''] = reference;
    const prefix = alias.slice(0, reference.index);
    const start = captureStart(location.pattern, ref);
    if (start === undefined || prefix === '' || prefix.includes('$')) continue;
    const { first } = start;
    if (prefix.endsWith('/')) {
      if (!start.afterSlash && first.dot) return { messageId: 'parentTraversal', example: `${text} = "../"`, path: prefix };
    } else if (first.dot || first.other) {
      return { messageId: 'siblingTraversal', example: `${text} = "-old/"`, path: prefix };
    }
  }
  return undefined;
}

/** Exact locations map a single URI and named ones cannot take an alias: neither is traversable. */
function findingFor(location: NginxLocation, alias: string): Finding | undefined {
  const patternArg = location.directive.args.at(-1);
  switch (location.modifier) {
    case 'regex':
    case 'regex-caseless':
      return regexFinding(location, alias);
    case 'prefix':
    case 'prefix-noregex':
      return patternArg && prefixFinding(location, alias, patternArg);
    default:
      return undefined;
  }
}

export default createRule({
  meta: {
    id: 'nginx/alias-traversal',
    type: 'security',
    docs: { description: 'Report an alias that lets requests reach files outside the aliased directory', recommended: 'recommended' },
    messages: {
      parentTraversal: '`alias {{alias}}` in `location {{location}}` lets a request climb out of the aliased directory: {{example}} maps to {{mapped}}, so nginx serves files under {{reached}}',
      siblingTraversal: '`alias {{alias}}` in `location {{location}}` glues the rest of the URI to a partial name: {{example}} maps to {{mapped}}, so nginx serves siblings of {{base}} whose name starts with "{{name}}"',
    },
    schema: NO_OPTIONS_SCHEMA,
    defaultSeverity: 'error',
    hasSuggestions: true,
  },
  defaultOptions: {},
  create(context) {
    const checked = new Set<Directive>();
    return {
      server(event) {
        const target = nginxServerOf(event);
        if (target === undefined) return;
        for (const location of allLocations(target.server.locations)) {
          const root = location.settings.documentRoot;
          // Checked where the alias is written; nested locations that inherit it have their own prefix.
          if (root.kind !== 'alias' || checked.has(root.directive) || ![...effectiveDirectives(location.directive.children ?? [])].includes(root.directive)) continue;
          checked.add(root.directive);
          const alias = root.directive.args[0]?.value ?? '';
          const finding = findingFor(location, alias);
          if (finding === undefined) continue;
          const { path } = finding;
          const directory = path.replace(/\/+$/, '') || '/';
          context.report({
            node: root.directive,
            messageId: finding.messageId,
            data: {
              alias,
              location: location.directive.args.map((a) => a.raw).join(' '),
              example: finding.example,
              mapped: finding.messageId === 'parentTraversal' ? `${path}../` : `${path}-old/`,
              reached: posix.dirname(directory),
              base: posix.dirname(path),
              name: posix.basename(path),
            },
            ...(finding.suggest?.length ? { suggest: finding.suggest } : {}),
          });
        }
      },
    };
  },
});
