import type { Directive, ParseDiagnostic } from '../../parse/ast.js';
import type { MovedBlocks } from '../../parse/nginx/index.js';
import { moveServer } from './moved-server.js';
import type { NginxServer, NginxSettings } from './types.js';

/** A part of the model with the diagnostics building it reported, to report again when it is reused. */
export interface Built<T> {
  value: T;
  diagnostics: readonly ParseDiagnostic[];
}

/**
 * What buildNginxModel keeps from one build of a document's model to the next: the `http`
 * settings and every server, reused while they would be built from the very same nodes. A parse
 * through an NginxParseCache hands back the earlier node for unchanged text, and nodes never
 * change after the load, so an unchanged server block is the same object with the same content.
 * With the parse cache's `moved`, a server block an edit only moved up or down takes the earlier
 * server, moved to the copied nodes.
 */
export class NginxModelCache {
  private http: { directives: readonly Directive[]; prefix: string; built: Built<NginxSettings> } | undefined;
  private readonly servers = new WeakMap<Directive, { inherited: NginxSettings; built: Built<NginxServer> }>();

  constructor(private readonly moved?: MovedBlocks) {}

  /** The settings of `http`'s own directives (its servers aside) under `prefix`. */
  httpSettings(directives: readonly Directive[], prefix: string, build: () => Built<NginxSettings>): Built<NginxSettings> {
    const { http } = this;
    if (http && http.prefix === prefix && sameNodes(http.directives, directives)) return http.built;
    const built = build();
    this.http = { directives, prefix, built };
    return built;
  }

  /** The server of `block` below `inherited`, the http settings it merges with. */
  server(block: Directive, inherited: NginxSettings, build: () => Built<NginxServer>): Built<NginxServer> {
    const earlier = this.servers.get(block);
    if (earlier?.inherited === inherited) return earlier.built;
    const move = this.moved?.movedFrom(block);
    const origin = move && this.servers.get(move.origin);
    const built = move && origin?.inherited === inherited ? moveServer(origin.built, move) : build();
    this.servers.set(block, { inherited, built });
    return built;
  }
}

function sameNodes(a: readonly Directive[], b: readonly Directive[]): boolean {
  return a.length === b.length && a.every((directive, i) => directive === b[i]);
}
