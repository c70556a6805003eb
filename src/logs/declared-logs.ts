import * as posixPath from 'node:path/posix';
import type { Directive, ParsedConfig, SourceLocation } from '../parse/ast.js';
import { walkDirectives } from '../parse/ast.js';
import { buildApacheModel, type ApacheModel } from '../model/apache/index.js';
import { buildNginxModel, type NginxModel } from '../model/nginx/index.js';
import type { WebUser } from '../model/types.js';
import { APACHE_STOCK_FORMATS, NGINX_STOCK_FORMATS, compileApacheFormat, compileNginxFormat, type CompiledFormat } from './format.js';

/** A server block or virtual host that writes to a log: what selects it again for a replayed request. */
export interface LogWriter {
  /** server_name / ServerName and ServerAlias, as written. */
  names: readonly string[];
  /** Ports it listens on; empty when any (an Apache `<VirtualHost *>`). */
  ports: readonly number[];
}

/** One access log the configuration writes: where, in which format, for which servers. */
export interface DeclaredLog {
  /** The file on the audited server (absolute, or relative as written when the prefix is unknown). */
  file: string;
  format: CompiledFormat;
  /** The `access_log`/`CustomLog` line, or absent for nginx's implicit `logs/access.log`. */
  declaredAt?: SourceLocation;
  writers: LogWriter[];
}

export interface ConfiguredLogs {
  logs: DeclaredLog[];
  /** Every format the configuration names, stock ones included, for logs no directive names (stdin). */
  formats: CompiledFormat[];
  /** Every server, for a log whose writers are unknown. */
  servers: LogWriter[];
  /** The account the configuration runs its workers as. */
  webUser: WebUser;
}

/** The access logs a loaded configuration declares, with their formats and writers. */
export function configuredLogs(config: ParsedConfig): ConfiguredLogs {
  return config.dialect === 'nginx' ? nginxLogs(config, buildNginxModel(config)) : apacheLogs(buildApacheModel(config));
}

function nginxLogs(config: ParsedConfig, model: NginxModel): ConfiguredLogs {
  const formats = new Map<string, CompiledFormat>(Object.entries(NGINX_STOCK_FORMATS).map(([name, text]) => [name, compileNginxFormat(name, text)]));
  const writerOf = new Map(model.servers.map((server) => [server.block, { names: server.serverNames.map((n) => n.text), ports: unique(server.listen.map((l) => l.port)) }]));
  const servers = [...writerOf.values()];
  const declared: { directive: Directive; server?: Directive }[] = [];
  for (const { directive, parents } of walkDirectives(config.nodes)) {
    if (parents[0]?.name !== 'http') continue;
    if (directive.name === 'log_format' && parents.length === 1) {
      // log_format name [escape=default|json|none] string ...: the strings are one format.
      const [name, ...rest] = directive.args.map((a) => a.value);
      if (name === undefined) continue;
      const text = rest.filter((value, i) => !(i === 0 && value.startsWith('escape='))).join('');
      formats.set(name, compileNginxFormat(name, text, directive.loc));
    } else if (directive.name === 'access_log') {
      const server = parents.find((p) => p.name === 'server');
      declared.push({ directive, ...(server ? { server } : {}) });
    }
  }
  // A server block with an access_log of its own stops inheriting http's (ngx_http_log_merge_loc_conf).
  const ownLogs = new Set(declared.filter((d) => d.server).map((d) => d.server));
  const logs: DeclaredLog[] = [];
  for (const { directive, server } of declared) {
    const [file, formatName = 'combined'] = directive.args.map((a) => a.value);
    if (file === undefined || file === 'off' || file.startsWith('syslog:')) continue;
    const format = formats.get(formatName);
    if (format === undefined) continue;
    const writer = server ? writerOf.get(server) : undefined;
    const writers = server ? (writer ? [writer] : []) : model.servers.filter((s) => !ownLogs.has(s.block)).map((s) => writerOf.get(s.block) as LogWriter);
    logs.push({ file: nginxPath(file), format, declaredAt: directive.loc, writers });
  }
  if (declared.length === 0) logs.push({ file: nginxPath('logs/access.log'), format: formats.get('combined') as CompiledFormat, writers: servers });
  return { logs: mergeSameFile(logs), formats: [...formats.values()], servers, webUser: model.webUser };
}

/** nginx resolves a relative log path against its prefix: Debian's build, as the model takes it for `root`. */
const NGINX_PREFIX = '/usr/share/nginx';

function nginxPath(file: string): string {
  return posixPath.isAbsolute(file) ? file : posixPath.join(NGINX_PREFIX, file);
}

function apacheLogs(model: ApacheModel): ConfiguredLogs {
  const listenPorts = unique(model.listens.flatMap((l) => (l.port === undefined ? [] : [l.port])));
  const stock = new Map(Object.entries(APACHE_STOCK_FORMATS).map(([name, text]) => [name, compileApacheFormat(name, text)]));
  const allFormats = new Map(stock);
  const logs: DeclaredLog[] = [];
  const servers: LogWriter[] = [];
  const main = model.servers[0];
  const serverRoot = main?.directives.find((d) => d.lowerName === 'serverroot')?.args[0]?.value ?? '/etc/apache2';
  for (const server of model.servers) {
    const writer: LogWriter = {
      names: server.names,
      ports: server.block ? unique(server.addresses.flatMap((a) => (a.port === undefined ? listenPorts : [a.port]))) : listenPorts,
    };
    servers.push(writer);
    // LogFormat nicknames are resolved once the whole server is read: the last definition wins.
    const nicknames = new Map(stock);
    let defaultFormat = stock.get('default') as CompiledFormat;
    for (const d of server.directives) {
      if (d.lowerName !== 'logformat') continue;
      const [text, nickname] = d.args.map((a) => a.value);
      if (text === undefined) continue;
      const format = compileApacheFormat(nickname ?? text, text, d.loc);
      if (nickname === undefined) defaultFormat = format;
      else nicknames.set(nickname, format);
      allFormats.set(format.name, format);
    }
    // A virtual host with a CustomLog of its own writes only there; one without writes the main server's.
    const own = server.directives.slice(server.inheritedCount).filter(isLogDirective);
    const effective = server.block && own.length === 0 ? server.directives.slice(0, server.inheritedCount).filter(isLogDirective) : own;
    const global = server.block ? (main?.directives ?? []).filter((d) => d.lowerName === 'globallog') : [];
    for (const d of [...effective, ...global]) {
      const [file, formatArg] = d.args.map((a) => a.value);
      if (file === undefined || file.startsWith('|')) continue;
      const format = d.lowerName === 'transferlog' || formatArg === undefined ? defaultFormat : formatArg.includes('%') ? compileApacheFormat(formatArg, formatArg, d.loc) : nicknames.get(formatArg);
      if (format === undefined) continue;
      logs.push({ file: posixPath.isAbsolute(file) ? file : posixPath.join(serverRoot, file), format, declaredAt: d.loc, writers: [writer] });
    }
  }
  return { logs: mergeSameFile(logs), formats: [...allFormats.values()], servers, webUser: model.webUser };
}

function isLogDirective(d: Directive): boolean {
  return d.lowerName === 'customlog' || d.lowerName === 'transferlog';
}

/** Several servers naming one file in one format write one log. */
function mergeSameFile(logs: readonly DeclaredLog[]): DeclaredLog[] {
  const byKey = new Map<string, DeclaredLog>();
  for (const log of logs) {
    const key = `${log.file}\0${log.format.text}`;
    const seen = byKey.get(key);
    if (seen) seen.writers.push(...log.writers.filter((w) => !seen.writers.includes(w)));
    else byKey.set(key, { ...log, writers: [...log.writers] });
  }
  return [...byKey.values()];
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}
