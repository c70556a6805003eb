import { createRule, NO_OPTIONS_SCHEMA, type RelatedLocation } from '../../../src/engine/rule.js';
import type { ServerEvent } from '../../../src/engine/events.js';
import type { ApacheModel, ApacheServer } from '../../../src/model/apache/index.js';
import { effectiveDirectives, walkDirectives, type Directive, type Node, type SourceLocation } from '../../../src/parse/ast.js';
import { createApacheSimulator } from '../../../src/simulate/apache/index.js';
import type { HttpRequest, Simulator, TraceStep, Verdict } from '../../../src/simulate/types.js';
import { describeServer } from '../../shared/server-label.js';
import { nginxServerOf, requestTo, simulatorFor } from '../../nginx/nginx-server.js';

/** Causes decided by the config alone; the others need the audited tree's modes (`--no-fs` skips them). */
const CONFIG_CAUSES = new Set<string | null>(['forbidden-by-rule', 'return', 'AH01630', 'AH01797', null]);
/** Causes that depend on who asks: another client may be let in. */
const CLIENT_CAUSES = new Set<string | null>(['forbidden-by-rule', 'AH01630', 'AH01797']);
const LOOPBACK = '127.0.0.1';

/**
 * Addresses the config itself admits somewhere (`allow`, `Require ip`, `Allow from`): a
 * deny that only keeps out clients the config never meant to admit is not a finding.
 */
function admittedClients(nodes: readonly Node[]): string[] {
  const clients = new Set([LOOPBACK]);
  for (const { directive } of walkDirectives(nodes)) {
    const words = clientWords(directive);
    for (const word of words) {
      const ip = /^(\d{1,3}(?:\.\d{1,3}){0,3})(?:\/\d+)?$/.exec(word)?.[1];
      if (ip === undefined) continue;
      const octets = ip.split('.');
      while (octets.length < 4) octets.push('0');
      // A network address stands for its first host: 10.0.0.0/8 -> 10.0.0.1.
      if (octets[3] === '0') octets[3] = '1';
      clients.add(octets.join('.'));
    }
  }
  return [...clients];
}

function clientWords(directive: Directive): string[] {
  const values = directive.args.map((a) => a.value);
  if (directive.dialect === 'nginx') return directive.name === 'allow' ? values : [];
  if (directive.lowerName === 'require' && values[0]?.toLowerCase() === 'ip') return values.slice(1);
  if (directive.lowerName === 'allow' && values[0]?.toLowerCase() === 'from') return values.slice(1);
  return [];
}

/** GET / on an Apache virtual host: its first name and the port of its first address. */
function apacheRequest(server: ApacheServer): HttpRequest | undefined {
  const address = server.listens[0] ?? '*:80';
  const port = Number(/:(\d+)$/.exec(address)?.[1] ?? 80);
  const host = server.names.find((n) => n !== '' && !n.includes('*')) ?? 'localhost';
  return { method: 'GET', scheme: port === 443 ? 'https' : 'http', host, port, path: '/', query: '', clientIp: LOOPBACK };
}

function urlOf(request: HttpRequest): string {
  const standard = request.scheme === 'https' ? 443 : 80;
  return `${request.scheme}://${request.host}${request.port === standard ? '' : `:${request.port}`}${request.path}`;
}

/** The step that decided the answer: the last one pointing into the config. */
function decidingStep(verdict: Verdict): (TraceStep & { loc: SourceLocation }) | undefined {
  return [...verdict.trace].reverse().find((s): s is TraceStep & { loc: SourceLocation } => s.loc !== undefined);
}

export default createRule({
  meta: {
    id: 'server/root-forbidden',
    type: 'problem',
    docs: { description: 'Simulate GET / on every server and virtual host and report the ones the server would answer with 403', recommended: 'recommended' },
    messages: {
      forbidden: 'GET {{url}} would be answered 403 ({{cause}}) for {{server}}: {{reason}}',
    },
    schema: NO_OPTIONS_SCHEMA,
    defaultSeverity: 'error',
    hasSuggestions: true,
  },
  defaultOptions: {},
  create(context) {
    let simulator: Simulator | undefined;
    let clients: string[] | undefined;
    const simulate = (event: ServerEvent): { request: HttpRequest; verdict: Verdict } | undefined => {
      const nginx = nginxServerOf(event);
      let request: HttpRequest | undefined;
      if (nginx) {
        simulator ??= simulatorFor(context, nginx.model);
        request = requestTo(nginx.model, nginx.server, '/');
      } else {
        const model = event.model as ApacheModel;
        const webUser = context.settings.webUser;
        simulator ??= createApacheSimulator(model, { fs: context.fs, users: context.users, ...(webUser ? { webUser } : {}) });
        // The main server only answers when no virtual host claims the address.
        if (event.server.block === undefined && model.servers.length > 1) return undefined;
        request = apacheRequest(event.server as ApacheServer);
      }
      if (request === undefined) return undefined;
      const first = simulator.explain(request);
      if (first.status !== 403 || !CLIENT_CAUSES.has(first.cause)) return { request, verdict: first };
      clients ??= admittedClients(context.config.nodes);
      // Someone the config admits gets in: the deny is doing its job.
      for (const clientIp of clients) {
        if (simulator.explain({ ...request, clientIp }).status !== 403) return undefined;
      }
      return { request, verdict: first };
    };

    return {
      server(event) {
        const outcome = simulate(event);
        if (outcome === undefined || outcome.verdict.status !== 403) return;
        const { request, verdict } = outcome;
        if (!context.settings.fsEnabled && !CONFIG_CAUSES.has(verdict.cause)) return;
        const deciding = decidingStep(verdict);
        const anchor = deciding?.loc ?? event.server.block?.loc ?? [...effectiveDirectives(context.config.nodes)][0]?.loc;
        if (anchor === undefined) return;
        const related: RelatedLocation[] = verdict.trace
          .filter((s): s is TraceStep & { loc: SourceLocation } => s.loc !== undefined && s !== deciding)
          .map((s) => ({ loc: s.loc, message: s.message }));
        context.report({
          loc: anchor,
          messageId: 'forbidden',
          data: { url: urlOf(request), cause: verdict.cause ?? 'no log line', server: describeServer(event.server), reason: verdict.trace.at(-1)?.message ?? 'denied' },
          related,
          ...(verdict.fix ? { suggest: [{ desc: verdict.fix }] } : {}),
        });
      },
    };
  },
});
