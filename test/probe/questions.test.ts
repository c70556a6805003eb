import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { NginxServer } from '../../src/model/nginx/index.js';
import { nginxQuestions } from '../../src/probe/questions.js';
import { CORPUS_DIR } from '../helpers/shared-dir.js';
import { modelOf } from '../simulate/nginx/model-fixture.js';

describe('nginxQuestions', () => {
  it('asks a regex location with a URL that survives nginx merging dot segments: /.x for PrestaShop\'s `location ~ /\\.`, never /.', () => {
    // The site file as PrestaShop's nginx guide gives it: `/.` would be asked as `/`, which
    // no location matches, and the hidden-file guard would seem never to apply.
    const site = readFileSync(join(CORPUS_DIR, 'nginx/certbot-roundtrip/prestashop/sites-available/www.example.com.vhost'), 'utf8');
    const model = modelOf(`events {}\nhttp {\n${site}\n}\n`);
    const server = model.servers.at(-1) as NginxServer;
    const guard = server.locations.find((l) => l.pattern === '/\\.');
    const asked = nginxQuestions(server).filter((q) => q.scope === guard?.directive).map((q) => q.path);
    expect(asked).toEqual(['/.x']);
    expect(nginxQuestions(server).every((q) => !q.path.split('/').some((s) => s === '.' || s === '..'))).toBe(true);
  });
});
