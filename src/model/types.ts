import type { Dialect, Directive } from '../parse/ast.js';

/** The account the server's workers run as, and where the config says so. */
export interface WebUser {
  user: string;
  group?: string;
  /** The `user` / `User` directive that set it; absent when it is the server's built-in default. */
  source?: Directive;
}

/**
 * A filesystem tree the config serves, and the directive that names it: what the server really
 * hands out under one URL prefix, not the whole directory a directive names
 * (`location /x/ { root /srv; }` serves /srv/x/, never the rest of /srv).
 */
export interface ServedTree {
  /** Absolute path on the audited server of what `urlPrefix` reaches; may hold `$variables`. */
  fsPath: string;
  /**
   * URL prefix that reaches `fsPath` (`/`, `/static/`): the URL of an entry is this prefix plus
   * its path below `fsPath`. Absent when a regex decides which URLs reach the tree.
   */
  urlPrefix?: string;
  directive: Directive;
  /**
   * Paths below `fsPath` that are not served through this tree, because a more specific
   * location serves their URLs from another directory (`root /srv/www;` with
   * `location /static/ { alias /srv/assets/; }` never serves /srv/www/static).
   */
  shadowed?: string[];
  /**
   * The Host that reaches this tree, when the directive builds its path from the request's
   * host (`root /srv/www/$host;` serves one tree per host): requests for its URLs name it.
   */
  host?: string;
}

/**
 * One nginx `server` block or Apache virtual host (the main server counts as one), reduced to
 * what rules need to find it again: its block, names, listens and the trees it serves.
 */
export interface ServerSummary {
  dialect: Dialect;
  /** The `server { }` or `<VirtualHost>` directive; absent for Apache's main server. */
  block?: Directive;
  names: string[];
  listens: string[];
  trees: ServedTree[];
}
