import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { ScenarioEntry, ScenarioRequest } from '../../simulate/apache/scenarios.js';

/**
 * Real-world deployments: an application's own files (`upstream:` copies kept verbatim under
 * fixtures/realworld/apache/upstream, see SOURCES.md there) in a tree with real modes and
 * owners, behind a Debian-style site file in sites-enabled.
 *
 * Placeholders: `@ROOT@` the deployment's directory (`@WWW@/<name>`), `@DOCROOT@` its web
 * root, `@WWW@` the web root Debian grants (/var/www), `@BASE@` the temp dir that plays `/`,
 * `@PORT@` the loopback port, `@FCGI@` the FastCGI back end's port, `@HTTP@` the HTTP back end's
 * port (a reverse proxy's application server), `@NAME@` the name.
 */
export interface DeploymentEntry extends ScenarioEntry {
  /** A file of fixtures/realworld/apache/upstream copied as is. */
  upstream?: string;
  /** The path is under `@BASE@` instead of the deployment's directory. */
  outside?: boolean;
}

export interface DeploymentRequest extends ScenarioRequest {
  /** The SCRIPT_FILENAME the back end must be given (relative to `@ROOT@` when it does not start with `/`). */
  backend?: string;
}

export interface Deployment {
  name: string;
  app: string;
  about: string;
  file: string;
  /** The web root inside `@ROOT@` ('' by default). */
  docroot?: string;
  /** The site file; default: the usual vhost with AllowOverride All on the web root. */
  site?: string;
  tree: DeploymentEntry[];
  requests: DeploymentRequest[];
}

export const FIXTURES = join(import.meta.dirname, '../../../fixtures/realworld/apache');

export function loadDeployments(dir = FIXTURES): Deployment[] {
  const deployments: Deployment[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) {
    const doc = parse(readFileSync(join(dir, file), 'utf8')) as { app: string; deployments: Omit<Deployment, 'file' | 'app'>[] };
    for (const d of doc.deployments) deployments.push({ ...d, app: doc.app, tree: d.tree ?? [], file });
  }
  return deployments;
}

/** The site file most deployment guides give: the web root with the application's .htaccess allowed. */
export const DEFAULT_SITE = `<VirtualHost 127.0.0.1:@PORT@>
	ServerName @NAME@.test
	ServerAdmin webmaster@localhost
	DocumentRoot @DOCROOT@

	<Directory @DOCROOT@>
		Options FollowSymLinks
		AllowOverride All
		Require all granted
	</Directory>

	ErrorLog \${APACHE_LOG_DIR}/error.log
	CustomLog \${APACHE_LOG_DIR}/access.log combined
</VirtualHost>
`;
