import * as posixPath from 'node:path/posix';
import { createRule, NO_OPTIONS_SCHEMA } from '../../../src/engine/rule.js';
import type { SourceLocation } from '../../../src/parse/ast.js';
import type { ServedTree, ServerSummary } from '../../../src/model/types.js';
import type { ApacheServer } from '../../../src/model/apache/index.js';
import { accessFileNames } from '../../../src/probe/questions.js';
import { claimOf, OUTSIDER } from '../../../src/probe/probe.js';
import type { ProbeVerdict, ServerProbe } from '../../../src/probe/types.js';
import { guardScopes, isGuardLocation, isGuardRefusal } from '../../shared/guards.js';
import { isGuardedUrl, listed, refusalsByDecider } from '../../shared/refusals.js';
import { urlOfPath } from '../../shared/served-url.js';
import { sensitiveKindOf } from '../sensitive-files/sensitive-names.js';
import { describeServer } from '../../shared/server-label.js';
import { allLocations } from '../../nginx/nginx-server.js';
import { entryName } from '../../shared/entry-name.js';

/** What a guard answers with: an access rule, a `return 403`, a `RewriteRule [F]` or `Redirect 403`. */
const GUARD_CAUSES = new Set<string | null>(['forbidden-by-rule', 'return', 'AH01630', 'AH01797', null]);
/** Example URLs a finding names. */
const EXAMPLES = 3;

/** One request asked for a group of entries that the same guard must decide alike. */
interface Sample {
  server: ServerSummary;
  url: string;
  /** The Host of the tree the entries were found in, when it is served for one host. */
  host?: string;
  count: number;
  examples: string[];
}

/** A guard line and what it refuses in the served trees. */
interface Guarded {
  decidedBy: SourceLocation;
  /** A guard in a shared snippet refuses in every server that includes it. */
  servers: ServerSummary[];
  count: number;
  examples: string[];
  verdict: ProbeVerdict;
}

const keyOf = (loc: SourceLocation): string => `${loc.file}:${loc.line}:${loc.column}`;

/** The URL of the directory holding `url` (`/a/b/` for `/a/b/c` and `/a/b/c/`). */
function parentUrl(url: string): string {
  return url.replace(/[^/]+\/?$/, '');
}

/**
 * Hidden-file and secret guards (`location ~ /\. { deny all; }`, `<FilesMatch "^\.">`,
 * `RedirectMatch 403 /\.git`) that refuse entries the served tree really holds: the files are
 * in the web root and one line is all that keeps them from being served. A guard that refuses
 * nothing present is left alone, and the deny and 403 rules leave every guard to this one.
 */
export default createRule({
  meta: {
    id: 'exposure/guarded-files',
    type: 'security',
    docs: { description: 'Report a hidden-file or secret guard that refuses entries the served tree holds: only that line keeps them from being served', recommended: 'recommended' },
    messages: {
      guarded:
        'this guard refuses {{count}} {{entries}} that the served trees of {{servers}} hold ({{examples}}): only this line keeps {{them}} from being served, so a change to it serves {{them}}; move {{them}} out of the web root',
    },
    schema: NO_OPTIONS_SCHEMA,
    // The refusal is deliberate and works: a risk, a warning as the severity policy puts it.
    defaultSeverity: 'warn',
  },
  defaultOptions: {},
  create(context) {
    const samples = new Map<string, Sample>();
    const seen = new Set<string>();
    let guardRegexes: Map<ServerSummary, RegExp[]> | undefined;
    /** The regexes of an nginx server's guard locations: Grav's `~* /(\.git|cache|bin)/` names more than hidden files. */
    const regexesOf = (probe: ServerProbe, server: ServerSummary): RegExp[] => {
      guardRegexes ??= new Map();
      let list = guardRegexes.get(server);
      if (list === undefined) {
        const nginx = probe.model.dialect === 'nginx' ? probe.model.model.servers.find((s) => s === server) : undefined;
        list = nginx ? [...allLocations(nginx.locations)].filter((l) => l.regex !== undefined && isGuardLocation(l)).map((l) => l.regex as RegExp) : [];
        guardRegexes.set(server, list);
      }
      return list;
    };
    const isCandidate = (probe: ServerProbe, server: ServerSummary, url: string): boolean => isGuardedUrl(url) || regexesOf(probe, server).some((regex) => regex.test(safeDecode(url)));
    // Candidate directories of each server: what they hold is a candidate too, without a URL built per entry.
    const candidateDirs = new Map<ServerSummary, Set<string>>();
    // The decoded URL of each directory of each tree (with its slash), for the guard regexes: an entry's is its directory's plus its name.
    const dirUrls = new Map<ServedTree, Map<string, string>>();
    const decodedUrl = (tree: ServedTree, path: string, slash: number, isDir: boolean): string | undefined => {
      const urls = dirUrls.get(tree) ?? new Map<string, string>();
      dirUrls.set(tree, urls);
      const parent = urls.get(path.slice(0, slash));
      const file = parent === undefined ? mapDefined(urlOfPath(tree, path), safeDecode) : parent + path.slice(slash + 1);
      if (file === undefined || !isDir) return file;
      const url = file.endsWith('/') ? file : `${file}/`;
      urls.set(path, url);
      return url;
    };
    return {
      fsEntry({ entry, tree, server }) {
        const probe = context.probe;
        const type = entry.stat.type;
        if (probe === undefined || (type !== 'file' && type !== 'dir' && type !== 'symlink')) return;
        const regexes = regexesOf(probe, server);
        const slash = entry.path.lastIndexOf('/');
        const decoded = regexes.length > 0 ? decodedUrl(tree, entry.path, slash, type === 'dir') : undefined;
        if (entry.depth === 0) return;
        const name = entryName(entry);
        const dirs = candidateDirs.get(server);
        // Most entries are ordinary: a name check settles them, or a guard location's regex on the URL.
        const maybe =
          name.startsWith('.') || (dirs !== undefined && dirs.has(entry.path.slice(0, slash))) || sensitiveKindOf(name) !== undefined || (decoded !== undefined && regexes.some((regex) => regex.test(decoded)));
        if (!maybe || isAccessFile(server, entry.path)) return;
        const path = urlOfPath(tree, entry.path);
        const url = path === undefined ? undefined : type === 'dir' ? `${path}/` : path;
        const serverKey = `${server.block?.loc.file}:${server.block?.loc.line}`;
        const at = `${serverKey}\0${entry.path}`;
        if (url === undefined || seen.has(at) || !isCandidate(probe, server, url)) return;
        seen.add(at);
        if (type === 'dir') candidateDirs.set(server, (dirs ?? new Set<string>()).add(entry.path));
        // An entry that is a candidate only through a directory above it (`/.git/objects/ab/cd`) is
        // decided as its siblings are: one request stands for the directory's entries.
        const parent = parentUrl(url);
        const inherited = isCandidate(probe, server, `${parent}index.html`);
        // A tree served for one host is asked with that Host.
        const key = `${serverKey}\0${tree.host ?? ''}\0${inherited ? `${parent}\0*` : url}`;
        const sample = samples.get(key) ?? { server, url, host: tree.host, count: 0, examples: [] };
        sample.count++;
        if (sample.examples.length < EXAMPLES) sample.examples.push(url);
        samples.set(key, sample);
      },
      finish() {
        const probe = context.probe;
        if (probe === undefined || samples.size === 0) return;
        const guards = guardScopes(probe);
        // A line that also refuses what is no guard's business is the deny and 403 rules' to report.
        const owned = new Set(refusalsByDecider(probe, (refusal) => !isGuardRefusal(refusal, guards)).map((g) => keyOf(g.decidedBy)));
        const found = new Map<string, Guarded>();
        for (const { server, url, host, count, examples } of samples.values()) {
          const verdict = probe.on(server, url, { clientIp: OUTSIDER, host });
          const decidedBy = verdict?.decidedBy;
          if (verdict?.status !== 403 || !GUARD_CAUSES.has(verdict.cause) || decidedBy === undefined || owned.has(keyOf(decidedBy))) continue;
          // A guard refuses everyone by itself: a list that lets some clients in is server/access-restricted's.
          const answers = probe.clients(server).map((clientIp) => probe.on(server, url, { clientIp, host }));
          if (answers.some((answer) => answer?.status !== 403 || !GUARD_CAUSES.has(answer.cause))) continue;
          const group = found.get(keyOf(decidedBy)) ?? { decidedBy, servers: [], count: 0, examples: [], verdict: answers.find((a) => a?.request.clientIp !== OUTSIDER) ?? verdict };
          if (!group.servers.includes(server)) group.servers.push(server);
          group.count += count;
          group.examples.push(...examples);
          found.set(keyOf(decidedBy), group);
        }
        for (const { decidedBy, servers, count, examples, verdict } of found.values()) {
          const data = { count, entries: count === 1 ? 'entry' : 'entries', them: count === 1 ? 'it' : 'them', servers: listed(servers.map(describeServer), 2), examples: listed(examples) };
          context.report({ loc: decidedBy, messageId: 'guarded', data, claim: claimOf(verdict) });
        }
      },
    };
  },
});

/** httpd's own per-directory files (`.htaccess`, or what AccessFileName names) belong where they are. */
function isAccessFile(server: ServerSummary, path: string): boolean {
  return server.dialect === 'apache' && accessFileNames(server as ApacheServer).includes(posixPath.basename(path));
}

function mapDefined<T, U>(value: T | undefined, map: (value: T) => U): U | undefined {
  return value === undefined ? undefined : map(value);
}

function safeDecode(url: string): string {
  try {
    return decodeURIComponent(url);
  } catch {
    return url;
  }
}
