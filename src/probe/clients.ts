import { directivesInContext, walkDirectives, type Directive, type Node } from '../parse/ast.js';

/** A remote client nothing in a config names (TEST-NET-3): "everyone else" to allow/deny and Require. */
export const OUTSIDER = '203.0.113.10';
const LOOPBACK = '127.0.0.1';

/**
 * The clients that matter to one server: the addresses its own block names, and those named
 * outside every server block (http level, the main server's sections), which it inherits. Asking
 * each server only its own keeps a 1,000-server config to a few requests per scope.
 */
export function serverClients(inherited: readonly Directive[], block: Directive | undefined): string[] {
  const own = block ? [...walkDirectives(block.children ?? [])].map((d) => d.directive) : [];
  return clientsOf([...inherited, ...own]);
}

/** The access directives outside every server block, which each server inherits. */
export function inheritedAccessDirectives(nodes: readonly Node[]): Directive[] {
  const found: Directive[] = [];
  // Server bodies are not entered: nothing in them is inherited, and they are most of a large config.
  for (const { directive } of directivesInContext(nodes, null, (block) => (isServerBlock(block) ? undefined : null))) {
    if (!isServerBlock(directive) && clientWords(directive).length > 0) found.push(directive);
  }
  return found;
}

function isServerBlock(directive: Directive): boolean {
  return directive.dialect === 'nginx' ? directive.name === 'server' : directive.lowerName === 'virtualhost';
}

/**
 * One client address per allow/deny/Require ip boundary, the outsider and the loopback first: a
 * network stands for its first host (10.0.0.0/8 -> 10.0.0.1), which is on the inside of every
 * rule naming it, while the outsider is outside all of them.
 */
function clientsOf(directives: readonly Directive[]): string[] {
  const clients = new Set([OUTSIDER, LOOPBACK]);
  for (const directive of directives) {
    for (const word of clientWords(directive)) {
      const ip = /^(\d{1,3}(?:\.\d{1,3}){0,3})(?:\/\d+)?$/.exec(word)?.[1];
      if (ip === undefined) continue;
      const octets = ip.split('.');
      while (octets.length < 4) octets.push('0');
      if (octets[3] === '0') octets[3] = '1';
      clients.add(octets.join('.'));
    }
  }
  return [...clients];
}

/**
 * The address words of `allow`/`deny` (nginx), `Require [not] ip`, `Allow from`/`Deny from`,
 * and the address a `RewriteCond %{REMOTE_ADDR}` pattern names (httpd).
 */
function clientWords(directive: Directive): string[] {
  const values = directive.args.map((a) => a.value);
  if (directive.dialect === 'nginx') return directive.name === 'allow' || directive.name === 'deny' ? values : [];
  if (directive.lowerName === 'rewritecond') return remoteAddrPattern(values);
  const words = values[0]?.toLowerCase() === 'not' ? values.slice(1) : values;
  if (directive.lowerName === 'require' && words[0]?.toLowerCase() === 'ip') return words.slice(1);
  if ((directive.lowerName === 'allow' || directive.lowerName === 'deny') && values[0]?.toLowerCase() === 'from') return values.slice(1);
  return [];
}

/** `RewriteCond %{REMOTE_ADDR} ^192\.0\.2\.7$` (or `!^10\.`) -> the address (or network head) it names. */
function remoteAddrPattern([test, pattern]: readonly string[]): string[] {
  if (test?.toUpperCase() !== '%{REMOTE_ADDR}' || pattern === undefined) return [];
  const literal = pattern.replace(/^!/, '').replace(/^\^/, '').replace(/\$$/, '').replace(/\\\./g, '.');
  const ip = /^\d{1,3}(?:\.\d{1,3}){0,3}/.exec(literal)?.[0];
  return ip === undefined ? [] : [ip.replace(/\.$/, '')];
}
