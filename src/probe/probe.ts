import type { Directive, ParsedConfig } from '../parse/ast.js';
import type { FsView, UserDb } from '../fs/types.js';
import { createUserDb, resolvePrincipal } from '../fs/users.js';
import type { WalkEntry } from '../fs/walk.js';
import type { ServedTree, ServerSummary } from '../model/types.js';
import type { ApacheServer } from '../model/apache/index.js';
import type { NginxServer } from '../model/nginx/index.js';
import { createApacheSimulator } from '../simulate/apache/index.js';
import { createNginxSimulator } from '../simulate/nginx/index.js';
import { parseRequestUrl, type HttpRequest, type Simulator } from '../simulate/types.js';
import { inheritedAccessDirectives, serverClients } from './clients.js';
import { accessFileQuestions, apacheQuestions, nginxQuestions, walkQuestions } from './questions.js';
import { reachServer, type Reach } from './reach.js';
import { readAccessFile, type AccessFile } from './htaccess.js';
import { WalkedFiles } from './walked-files.js';
import { hostTrees, portAnswering } from './host-trees.js';
import { accessFilePatterns, patternQuestions, sectionPatternScopes } from './patterns.js';
import { printNginxConfig, UNMOVED, type DirectiveMove, type Domain, type Entry, type VerdictCache, type VerdictLookup, type VerdictMove } from './verdict-cache.js';
import { selectRequested } from '../simulate/nginx/index.js';
import { anyRegexExhausted } from '../regex/uncertainty.js';
import type { StatusClaim } from '../engine/rule.js';
import type { ProbedModel, ProbeInit, ProbeTarget, ProbeVerdict, Question, Refusal, ServerProbe } from './types.js';

export type * from './types.js';
export { OUTSIDER } from './clients.js';

export interface ProbeEnv {
  fs: FsView;
  users: UserDb;
  webUser?: { user: string; group?: string };
  /** False under `--no-fs`: refusals that depend on modes and files are not claimed. */
  fsEnabled: boolean;
  /**
   * The verdicts of the last lint of the same document (the language server's config passes),
   * reused where the content they depend on is unchanged. The audited filesystem (`view`, which
   * `fs` reads, and its accounts) is taken as unchanged while its description and the web user's
   * account are; the engine starts the cache over whenever a lint walks.
   */
  verdicts?: { cache: VerdictCache; view: FsView };
}

/** Causes the configuration alone decides; the others depend on the audited tree. */
const CONFIG_CAUSES = new Set<string | null>(['forbidden-by-rule', 'return', 'AH01630', 'AH01797', null]);

/** The engine's side of the probe: it hands the walk's entries over as they come. */
export interface EngineProbe extends ServerProbe {
  noteEntry(server: ServerSummary, tree: ServedTree, entry: WalkEntry): void;
  /** The lint is over: what it simulated is kept for the next lint of the document, when there is a cache. */
  end(): void;
}

/**
 * One simulator per linted configuration, built on first use; verdicts are kept by request,
 * so rules asking the same question share one simulation.
 */
export function createServerProbe(config: ParsedConfig, model: ProbedModel, env: ProbeEnv): EngineProbe {
  let simulator: Simulator | undefined;
  const clients = new Map<ServerSummary, string[]>();
  let inherited: Directive[] | undefined;
  let simulated = 0;
  const verdicts = new Map<string, ProbeVerdict>();
  const reaches = new Map<ServerSummary, Reach | undefined>();
  const trees = new Map<ServerSummary, readonly ServedTree[]>();
  const questions = new Map<ServerSummary, Question[]>();
  const refusals = new Map<ServerSummary, Map<string, Refusal | undefined>>();
  // Every rule asks for each server's refusals: the list is built again only when questions were added.
  const refusalLists = new Map<ServerSummary, { questions: number; list: readonly Refusal[] }>();
  const sampled = new Set<Directive>();
  const accessFiles = new Map<string, AccessFile>();
  // What Apache's walk found, by server: an access file's patterns are matched against its
  // directory's files once the walk is over (a name sorted before `.htaccess` came first).
  const walked = new Map<ServerSummary, WalkedFiles>();
  const unmatched = new Map<ServerSummary, AccessFile[]>();
  const sectionsMatched = new Set<ServerSummary>();
  // Without the audited accounts (--no-fs, or a web user the audited passwd lacks, which the
  // engine reports once), the configuration's own answers are still worth asking.
  const wanted = env.webUser ?? model.model.webUser;
  const filesDecide = env.fsEnabled && resolvePrincipal(env.users, wanted.user, wanted.group).ok;
  const simulatorEnv = { fs: env.fs, users: filesDecide ? env.users : standInUsers(model, env.webUser), ...(env.webUser ? { webUser: env.webUser } : {}) };

  // Across lints only for nginx, whose requests depend on the one server answering (see verdict-cache.ts).
  const earlier: VerdictLookup | undefined =
    env.verdicts && model.dialect === 'nginx' ? env.verdicts.cache.begin(printNginxConfig(config), [env.verdicts.view.description, JSON.stringify(resolvePrincipal(env.users, wanted.user, wanted.group)), config.entry, filesDecide, wanted.user, wanted.group]) : undefined;
  // The server block that answers each Host and port, for the cache.
  const answeringServers = new Map<string, Domain | undefined | null>();
  // The verdicts asked while a server's refusals are derived, to be handed to the next lint with them;
  // null once one of them is not kept across lints or was answered by another server.
  let recording: { own: Domain | null | undefined; asked: AskedVerdict[] | null; quotesOutsideBlock: boolean } | undefined;
  // By request key, the server that answered each verdict of this lint that the cache keeps.
  const keptBy = new Map<string, Domain | undefined>();
  const record = (key: string, verdict: ProbeVerdict): void => {
    if (recording === undefined || recording.asked === null) return;
    if (keptBy.has(key) && keptBy.get(key) === recording.own) {
      recording.asked.push({ key, verdict, server: recording.own as Domain });
      recording.quotesOutsideBlock ||= (earlier as VerdictLookup).quotesOutsideBlock(verdict);
    } else recording.asked = null;
  };
  const answering = (request: HttpRequest): Domain | undefined | null => {
    if (earlier === undefined || model.dialect !== 'nginx') return null;
    const at = `${request.host} ${request.headers?.Host ?? ''} ${request.port}`;
    if (!answeringServers.has(at)) answeringServers.set(at, earlier.answering(at, () => selectRequested(model.model.servers, request)?.server.block));
    return answeringServers.get(at) as Domain | undefined | null;
  };
  const ask = (request: HttpRequest): ProbeVerdict => {
    const key = `${request.method} ${request.scheme}://${request.host}:${request.port}${request.path}?${request.query} ${request.clientIp} ${request.headers === undefined ? '{}' : JSON.stringify(request.headers)}`;
    const known = verdicts.get(key);
    if (known) {
      record(key, known);
      return known;
    }
    // A regex out of budget is taken as not matching from then on: what follows is simulated, as in a first lint.
    const server = earlier && !anyRegexExhausted() ? answering(request) : null;
    const reused = server === null ? undefined : earlier?.get(key, server);
    if (reused) {
      // The key spells every field of the request: the one the verdict was asked with is this one.
      const verdict = reused.request === undefined ? { ...reused, request } : reused;
      verdicts.set(key, verdict);
      keptBy.set(key, server as Domain | undefined);
      record(key, verdict);
      return verdict;
    }
    simulator ??= model.dialect === 'nginx' ? createNginxSimulator(model.model, simulatorEnv) : createApacheSimulator(model.model, simulatorEnv);
    simulated++;
    const verdict = { ...simulator.explain(request), request, url: urlOf(request) };
    verdicts.set(key, verdict);
    if (server !== null && earlier && !verdict.uncertain?.length) {
      earlier.set(key, server, verdict);
      keptBy.set(key, server);
    }
    record(key, verdict);
    return verdict;
  };
  // What depends on a server's content alone (given the rest of the config) is taken from the
  // last lint where that content is unchanged, as verdicts are.
  const reachOf = (server: ServerSummary): Reach | undefined => {
    if (!reaches.has(server)) reaches.set(server, earlier ? earlier.derived('reach', server.block, () => ({ reach: reachServer(model, server) }), (kept) => kept).reach : reachServer(model, server));
    return reaches.get(server);
  };
  /** A tree served for one host is asked with that Host, on a port where it reaches the server. */
  const hostReach = (server: ServerSummary, host: string | undefined): Reach | undefined => {
    if (host === undefined || model.dialect !== 'nginx') return undefined;
    const port = portAnswering(model.model, server as NginxServer, host);
    return port === undefined ? undefined : { host, port };
  };
  const treesOf = (server: ServerSummary): readonly ServedTree[] => {
    let list = trees.get(server);
    if (list === undefined) {
      list = model.dialect === 'nginx' ? hostTrees(model.model, server as NginxServer, env.fsEnabled ? env.fs : undefined) : server.trees;
      trees.set(server, list);
    }
    return list;
  };
  const configQuestions = (server: ServerSummary): Question[] =>
    model.dialect === 'nginx' ? withHosts(nginxQuestions(server as NginxServer), treesOf(server)) : apacheQuestions(server as ApacheServer, env.fs);
  const questionsOf = (server: ServerSummary): Question[] => {
    let list = questions.get(server);
    if (!list) {
      // A copy: the walk adds its own questions to the list.
      list = earlier ? [...earlier.derived('questions', server.block, () => configQuestions(server), movedQuestions)] : configQuestions(server);
      questions.set(server, list);
    }
    return list;
  };
  /** The questions of the config's and the access files' patterns, asked once the walk has found what they match. */
  const withPatterns = (server: ServerSummary): Question[] => {
    const list = questionsOf(server);
    const found = walked.get(server);
    if (found === undefined) return list;
    const sections = sectionsMatched.has(server) ? [] : sectionPatternScopes(server as ApacheServer);
    const scopes = [...sections, ...(unmatched.get(server) ?? []).map((file) => ({ scope: file, patterns: accessFilePatterns(file) }))];
    sectionsMatched.add(server);
    unmatched.delete(server);
    for (const { scope, patterns } of scopes) {
      if (patterns.length > 0) list.push(...patternQuestions(scope, patterns, found.filesBelow(scope.dir)));
    }
    return list;
  };
  const askRefusals = (server: ServerSummary, questionList: readonly Question[]): Refusal[] => {
    const asked = refusals.get(server) ?? new Map<string, Refusal | undefined>();
    refusals.set(server, asked);
    for (const question of questionList) {
      const key = `${question.method} ${question.host ?? ''} ${question.path}`;
      // Two scopes may stand for the same URL: it is asked once, for the first.
      if (asked.has(key)) continue;
      asked.set(key, refusalOf(probe, server, question, filesDecide));
    }
    return [...asked.values()].filter((r): r is Refusal => r !== undefined);
  };
  // A server whose content, place and surroundings are unchanged, and whose verdicts nothing
  // moved, gives what it gave: the verdicts it asked are handed on without being looked up.
  const perServer = <T>(kind: string, server: ServerSummary, derive: () => T, move: (value: T, directive: DirectiveMove, verdict: VerdictMove) => T | undefined): T => {
    if (earlier === undefined) return derive();
    const own = earlier.serverOf(server.block);
    const outer = recording;
    const fresh = (): Kept<T> => {
      const inner: NonNullable<typeof recording> = { own, asked: anyRegexExhausted() ? null : [], quotesOutsideBlock: false };
      recording = inner;
      try {
        return { value: derive(), asked: inner.asked, quotesOutsideBlock: inner.quotesOutsideBlock };
      } finally {
        recording = outer;
        // What an inner derivation asked, the outer one asked too.
        if (outer?.asked) {
          if (inner.asked === null || outer.own !== own) outer.asked = null;
          else outer.asked.push(...inner.asked);
          outer.quotesOutsideBlock ||= inner.quotesOutsideBlock;
        }
      }
    };
    const kept = earlier.derived(kind, server.block, fresh, (value, directive, still, verdictMove) => {
      if (value.asked === null) return undefined;
      if (still === 'still' || (still === 'ends' && !value.quotesOutsideBlock)) {
        // The very block, its verdicts where they were: what the move gave back unchanged last time, it gives again.
        if (directive === UNMOVED && value.asked[0]?.server === own && unmoved.get(value.value as object) === move) return value;
        const moved = move(value.value, directive, (verdict) => verdict);
        if (directive === UNMOVED && moved === value.value && typeof moved === 'object' && moved !== null) unmoved.set(moved, move);
        // The entries name the server they were asked of: one that is now another block's (a copy read further down) names this one.
        const asked = value.asked.length > 0 && value.asked[0]?.server !== own ? value.asked.map((entry) => ({ ...entry, server: own as Domain })) : value.asked;
        return moved === undefined ? undefined : moved === value.value && asked === value.asked ? value : { ...value, value: moved, asked };
      }
      // Lines moved: each verdict asked is moved once, as a lookup would move it, and the value follows.
      const verdictAt = verdictMove();
      if (verdictAt === null) return undefined;
      const movedVerdicts = new Map<ProbeVerdict, ProbeVerdict>();
      const asked: AskedVerdict[] = [];
      let quotesOutsideBlock = false;
      for (const { key, verdict } of value.asked) {
        let now = movedVerdicts.get(verdict);
        if (now === undefined) {
          now = verdictAt(verdict);
          if (now === undefined) return undefined;
          movedVerdicts.set(verdict, now);
          quotesOutsideBlock ||= earlier.quotesOutsideBlock(now);
        }
        asked.push({ key, verdict: now, server: own as Domain });
      }
      const moved = move(value.value, directive, (verdict) => movedVerdicts.get(verdict));
      return moved === undefined ? undefined : { value: moved, asked, quotesOutsideBlock };
    });
    if (kept.asked === null || own === null || own === undefined) return kept.value;
    for (const entry of kept.asked) {
      const { key } = entry;
      if (!verdicts.has(key)) verdicts.set(key, entry.verdict);
      if (!keptBy.has(key)) {
        keptBy.set(key, own);
        earlier.keep(key, entry);
      }
      if (recording !== undefined) record(key, verdicts.get(key) as ProbeVerdict);
    }
    if (outer !== undefined) outer.quotesOutsideBlock ||= kept.quotesOutsideBlock;
    return kept.value;
  };
  const probe: EngineProbe = {
    model,
    get simulated() {
      return simulated;
    },
    request(target, init = {}) {
      return ask(toRequest(target, init));
    },
    on(server, path, init = {}) {
      const reach = hostReach(server, init.host) ?? reachOf(server);
      if (reach === undefined) return undefined;
      const request = toRequest({ host: reach.host, port: reach.port, path }, init);
      if (reach.hostHeader) request.headers = { Host: reach.hostHeader, ...init.headers };
      return ask(request);
    },
    clients(server) {
      let list = clients.get(server);
      if (!list) {
        const own = (): string[] => {
          inherited ??= inheritedAccessDirectives(config.nodes);
          return serverClients(inherited, server.block);
        };
        list = earlier ? earlier.derived('clients', server.block, own, (kept) => kept) : own();
        clients.set(server, list);
      }
      return list;
    },
    trees: treesOf,
    questions: withPatterns,
    refusals(server) {
      const questionList = withPatterns(server);
      const known = refusalLists.get(server);
      if (known !== undefined && known.questions === questionList.length) return known.list;
      const list = known === undefined ? perServer('refusals', server, () => askRefusals(server, questionList), movedRefusals) : askRefusals(server, questionList);
      refusalLists.set(server, { questions: questionList.length, list });
      return list;
    },
    accessFiles: () => [...accessFiles.values()],
    perServer,
    end() {
      env.verdicts?.cache.end(!anyRegexExhausted());
    },
    noteEntry(server, tree, entry) {
      if (server.dialect !== model.dialect) return;
      if (model.dialect === 'apache') {
        let files = walked.get(server);
        if (files === undefined) walked.set(server, (files = new WalkedFiles()));
        files.note(entry);
      }
      if (model.dialect === 'apache' && !accessFiles.has(entry.path)) {
        const file = readAccessFile(server as ApacheServer, tree, entry, env.fs, model.model.loadedModules);
        if (file) {
          accessFiles.set(entry.path, file);
          questionsOf(server).push(...accessFileQuestions(file));
          unmatched.set(server, [...(unmatched.get(server) ?? []), file]);
        }
      }
      const added = walkQuestions(server as NginxServer | ApacheServer, tree, entry, sampled);
      if (added.length > 0) questionsOf(server).push(...(tree.host === undefined ? added : added.map((q) => ({ ...q, host: tree.host }))));
    },
  };
  return probe;
}

/** Values a move through an unmoved server gave back as they were, with that move: it is a function of the value alone. */
const unmoved = new WeakMap<object, (...args: never[]) => unknown>();

/** What was derived from a server and the verdicts asked for it, when every one is kept across lints; null when one is not. */
interface Kept<T> {
  value: T;
  asked: AskedVerdict[] | null;
  /** Whether a verdict quotes a block outside every server, whose end moves with any line added inside it. */
  quotesOutsideBlock: boolean;
}

/** A verdict a derivation asked, by its request's key, with the server that answered it (the cache's own entry). */
interface AskedVerdict extends Entry {
  key: string;
  server: Domain;
}

/** The refusals of a server nothing moved, their questions at the scopes they now stand at. */
function movedRefusals(kept: readonly Refusal[], directive: DirectiveMove, verdictAt: VerdictMove): readonly Refusal[] | undefined {
  const list: Refusal[] = [];
  let changed = false;
  for (const refusal of kept) {
    const [question] = movedQuestions([refusal.question], directive) ?? [];
    const verdict = verdictAt(refusal.verdict);
    const verdicts = refusal.verdicts.map(verdictAt);
    if (question === undefined || verdict === undefined || verdicts.some((v) => v === undefined)) return undefined;
    const same = question === refusal.question && verdict === refusal.verdict && verdicts.every((v, i) => v === refusal.verdicts[i]);
    list.push(same ? refusal : { ...refusal, question, verdict, verdicts: verdicts as ProbeVerdict[] });
    changed ||= !same;
  }
  // The very list when nothing moved: rules key what they derive from it by its identity.
  return changed ? list : kept;
}

/** The fields of a question a move knows; a question with others is derived again. */
const QUESTION_FIELDS = new Set(['path', 'method', 'scope']);

/** The questions of a server whose content is unchanged, at the directives they now stand at. */
function movedQuestions(kept: readonly Question[], directive: DirectiveMove): readonly Question[] | undefined {
  const moved: Question[] = [];
  let changed = false;
  for (const question of kept) {
    for (const key in question) if (!QUESTION_FIELDS.has(key)) return undefined;
    const scope = directive(question.scope);
    if (scope === undefined) return undefined;
    moved.push(scope === question.scope ? question : { ...question, scope });
    changed ||= scope !== question.scope;
  }
  return changed ? moved : kept;
}

/**
 * One question asked for each representative client (only the first when the config names no
 * client): a refusal when any of them gets 403.
 */
function refusalOf(probe: ServerProbe, server: ServerSummary, question: Question, filesDecide: boolean): Refusal | undefined {
  const refused: ProbeVerdict[] = [];
  const admitted: string[] = [];
  for (const clientIp of probe.clients(server)) {
    const verdict = probe.on(server, question.path, { clientIp, method: question.method, host: question.host });
    if (verdict === undefined) return undefined;
    if (verdict.status === 403) refused.push(verdict);
    else admitted.push(clientIp);
  }
  const [first] = refused;
  if (first === undefined || (!filesDecide && !CONFIG_CAUSES.has(first.cause))) return undefined;
  return { question, verdict: first, refused: refused.map((v) => v.request.clientIp), verdicts: refused, admitted };
}

/**
 * A server that serves one tree per host is asked each question once more for every host its
 * trees name: a directory one host's root holds may refuse what another's serves.
 */
function withHosts(questions: Question[], trees: readonly ServedTree[]): Question[] {
  const hosts = [...new Set(trees.flatMap((t) => (t.host === undefined ? [] : [t.host])))];
  return hosts.length === 0 ? questions : [...questions, ...hosts.flatMap((host) => questions.map((q) => ({ ...q, host })))];
}

function toRequest(target: string | ProbeTarget, init: ProbeInit): HttpRequest {
  const request = typeof target === 'string' ? parseRequestUrl(target, init) : fromParts(target, init);
  if (init.headers) request.headers = init.headers;
  return request;
}

function fromParts(target: ProbeTarget, init: ProbeInit): HttpRequest {
  const cut = target.path.indexOf('?');
  const path = cut < 0 ? target.path : target.path.slice(0, cut);
  const query = cut < 0 ? '' : target.path.slice(cut + 1).split('?', 1)[0] ?? '';
  return {
    method: (init.method ?? 'GET').toUpperCase(),
    scheme: target.scheme ?? (target.port === 443 ? 'https' : 'http'),
    host: target.host,
    port: target.port,
    path,
    query,
    clientIp: init.clientIp ?? '127.0.0.1',
  };
}

/** `http://host:port/path`, the port left out when it is the scheme's. */
export function urlOf(request: HttpRequest): string {
  const standard = request.scheme === 'https' ? 443 : 80;
  const host = request.headers?.Host ?? request.host;
  return `${request.scheme}://${host}${request.port === standard ? '' : `:${request.port}`}${request.path}${request.query ? `?${request.query}` : ''}`;
}

/** The claim a finding makes when it states this verdict. */
export function claimOf(verdict: ProbeVerdict): StatusClaim {
  return { url: verdict.url, clientIp: verdict.request.clientIp, method: verdict.request.method, status: verdict.status, cause: verdict.cause };
}

/**
 * Without the filesystem the audited accounts are not read, yet a server only answers once its
 * web user exists: a stand-in account lets the configuration's own answers (allow/deny,
 * Require, return) be asked, and only those are kept.
 */
function standInUsers(model: ProbedModel, webUser: ProbeEnv['webUser']): UserDb {
  const user = webUser?.user ?? model.model.webUser.user;
  const group = webUser?.group ?? model.model.webUser.group ?? user;
  return createUserDb([{ name: user, uid: 65534, gid: 65534, home: '/nonexistent', shell: '/usr/sbin/nologin' }], [{ name: group, gid: 65534, members: [] }]);
}
