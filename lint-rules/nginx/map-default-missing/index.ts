import { createRule, NO_OPTIONS_SCHEMA } from '../../../src/engine/rule.js';
import type { NginxMap } from '../../../src/model/nginx/index.js';
import type { ServerSummary } from '../../../src/model/types.js';
import type { Directive } from '../../../src/parse/ast.js';
import { claimOf } from '../../../src/probe/probe.js';
import { OUTSIDER } from '../../../src/probe/clients.js';
import type { ProbeInit, ProbeVerdict, ServerProbe } from '../../../src/probe/types.js';
import { listed } from '../../shared/refusals.js';
import { describeServer } from '../../shared/server-label.js';
import { gateReached, gatesReading, refusedByGate } from '../if-gates.js';

/** A request standing for the clients one entry lists, or for those no entry lists. */
interface Client {
  name: string;
  init: ProbeInit;
}

/** A value of the source no entry matches, for a header source. */
const UNLISTED_VALUE = 'forbidlint-unlisted';

/**
 * The clients the block tells apart, read off its source: addresses for `$remote_addr` (a
 * network stands for its first host), a header value for `$http_*`. Undefined for any other
 * source, or when the stand-in for "everyone else" matches an entry (`0.0.0.0/0` is a default).
 */
function clientsOf(map: NginxMap): { listed: Client[]; unlisted: Client } | undefined {
  const header = /^\$http_(\w+)$/.exec(map.source)?.[1]?.replaceAll('_', '-');
  if (map.source !== '$remote_addr' && header === undefined) return undefined;
  const keys = map.networks ? map.networks.map((n) => n.network) : [...map.exact.keys()];
  const unlistedValue = header === undefined ? OUTSIDER : UNLISTED_VALUE;
  const matches = (value: string): boolean => map.exact.has(value) || map.regexes.some((r) => r.regex.test(value));
  if (map.networks ? map.networks.some((n) => n.network.prefixLength === 0) : matches(unlistedValue)) return undefined;
  const client = (value: string): Client => (header === undefined ? { name: value, init: { clientIp: value } } : { name: `${header}: ${value}`, init: { clientIp: OUTSIDER, headers: { [header]: value } } });
  const listedClients = keys.flatMap((key): Client[] => {
    if (typeof key !== 'string') return key.family === 4 ? [client(firstHost(key.address, key.prefixLength))] : [];
    return header !== undefined || /^\d{1,3}(\.\d{1,3}){3}$/.test(key) ? [client(key)] : [];
  });
  return { listed: listedClients, unlisted: header === undefined ? client(OUTSIDER) : { name: `a request without ${header}`, init: { clientIp: OUTSIDER } } };
}

function firstHost(address: bigint, prefixLength: number): string {
  const host = prefixLength < 32 ? address + 1n : address;
  return [24n, 16n, 8n, 0n].map((shift) => String((host >> shift) & 255n)).join('.');
}

interface Effect {
  server: ServerSummary;
  path: string;
  unlisted: ProbeVerdict;
  refusedListed: string[];
  admittedListed: string[];
  gate: Directive;
}

/** The first question on any server that passes a gate, asked for each listed client and the unlisted one. */
function effectOf(probe: ServerProbe, clients: { listed: Client[]; unlisted: Client }, gates: readonly Directive[]): Effect | undefined {
  for (const server of probe.model.model.servers as readonly ServerSummary[]) {
    const asked = new Set<string>();
    for (const question of probe.questions(server)) {
      if (question.method !== 'GET' || asked.has(question.path)) continue;
      asked.add(question.path);
      const unlisted = probe.on(server, question.path, clients.unlisted.init);
      if (unlisted === undefined) continue;
      const verdicts = clients.listed.map((c) => ({ client: c, verdict: probe.on(server, question.path, c.init) }));
      const gate = gateReached(unlisted, gates) ?? verdicts.map((v) => v.verdict && gateReached(v.verdict, gates)).find((g) => g !== undefined);
      if (gate === undefined) continue;
      const refused = verdicts.filter((v) => v.verdict && refusedByGate(v.verdict, gates)).map((v) => v.client.name);
      const admitted = verdicts.filter((v) => v.verdict && !refusedByGate(v.verdict, gates)).map((v) => v.client.name);
      return { server, path: question.path, unlisted, refusedListed: refused, admittedListed: admitted, gate };
    }
  }
  return undefined;
}

function blockLabel(map: NginxMap): string {
  return `${map.directive.name} ${map.directive.args.map((a) => a.value).join(' ')}`;
}

export default createRule({
  meta: {
    id: 'nginx/map-default-missing',
    type: 'problem',
    docs: { description: 'Report a map or geo block without `default` that an `if` refusing requests reads, with what its missing default does to the clients it does not list', recommended: 'recommended' },
    messages: {
      refusesNobody:
        '`{{block}}` has no default, so every client it does not list (e.g. {{unlisted}}) gets {{variable}} = "", which the `if` at line {{gateLine}} does not refuse: no client is refused, {{server}} answers {{status}} at {{url}} to everyone',
      refusesEveryone:
        '`{{block}}` has no default, so every client it does not list (e.g. {{unlisted}}) gets {{variable}} = "" and the `if` at line {{gateLine}} refuses it, as it refuses every listed client: {{server}} answers {{status}} at {{url}} to everyone',
      unlistedAdmitted:
        '`{{block}}` has no default: every client it does not list (e.g. {{unlisted}}) gets {{variable}} = "" and is let through ({{status}} at {{url}} on {{server}}), while {{refused}} is refused by the `if` at line {{gateLine}}; write `default` to say so',
      unlistedRefused:
        '`{{block}}` has no default: every client it does not list (e.g. {{unlisted}}) gets {{variable}} = "" and is refused ({{status}} at {{url}} on {{server}}) by the `if` at line {{gateLine}}, only {{admitted}} gets in; write `default` to say so',
    },
    schema: NO_OPTIONS_SCHEMA,
    // A check that refuses nobody exposes, one that refuses everyone is a 403 for all: errors.
    // An implicit default that splits clients as the entries suggest is a warning.
    defaultSeverity: 'error',
  },
  defaultOptions: {},
  create(context) {
    return {
      finish() {
        const probe = context.probe;
        if (probe?.model.dialect !== 'nginx') return;
        for (const [name, map] of probe.model.model.maps) {
          if (map.defaulted || map.hostnames) continue;
          const gates = gatesReading(context.config.nodes, name);
          const clients = gates.length > 0 ? clientsOf(map) : undefined;
          const effect = clients && effectOf(probe, clients, gates);
          if (!clients || !effect) continue;
          const unlistedRefused = refusedByGate(effect.unlisted, gates);
          const data = {
            block: blockLabel(map),
            variable: `$${name}`,
            unlisted: clients.unlisted.name,
            gateLine: effect.gate.loc.line,
            server: describeServer(effect.server),
            status: effect.unlisted.status,
            url: effect.path,
            refused: listed(effect.refusedListed),
            admitted: listed(effect.admittedListed),
          };
          const guess = effect.unlisted.uncertain?.length ? { severity: 'warn' as const } : {};
          const common = { node: map.directive, data, claim: claimOf(effect.unlisted) };
          if (!unlistedRefused && effect.refusedListed.length === 0) context.report({ ...common, messageId: 'refusesNobody', ...guess });
          else if (unlistedRefused && effect.admittedListed.length === 0) context.report({ ...common, messageId: 'refusesEveryone', ...guess });
          else context.report({ ...common, messageId: unlistedRefused ? 'unlistedRefused' : 'unlistedAdmitted', severity: 'warn' });
        }
      },
    };
  },
});
