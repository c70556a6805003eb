import { describe, expect, it } from 'vitest';
import { buildApacheModel, parseVirtualHostAddress, selectVirtualHost } from '../../../src/model/apache/index.js';
import { parsedConfig } from './parse-config.js';

const CONFIG = `
User www-data
Group www-data
Listen 80
ServerName main.example
DocumentRoot /srv/main
<VirtualHost *:80>
  ServerName a.example
  DocumentRoot /srv/a
</VirtualHost>
<VirtualHost *:80>
  ServerName b.example
  ServerAlias *.b.example www?.c.example
  DocumentRoot /srv/b/
</VirtualHost>
<VirtualHost 10.0.0.1:80>
  ServerName ip.example
</VirtualHost>
<VirtualHost 10.0.0.1:80>
  ServerName ip2.example
</VirtualHost>
<VirtualHost _default_:8443 [::1]:8443>
  DocumentRoot /srv/tls
</VirtualHost>
`;

const model = buildApacheModel(parsedConfig(CONFIG));
const vhosts = model.servers.slice(1);

describe('virtual host selection', () => {
  it.each([
    { ip: '192.0.2.1', port: 80, host: 'a.example', chosen: 'a.example' },
    { ip: '192.0.2.1', port: 80, host: 'B.Example', chosen: 'b.example' },
    { ip: '192.0.2.1', port: 80, host: 'b.example:80', chosen: 'b.example' },
    { ip: '192.0.2.1', port: 80, host: 'x.b.example', chosen: 'b.example' },
    { ip: '192.0.2.1', port: 80, host: 'www1.c.example', chosen: 'b.example' },
    { ip: '192.0.2.1', port: 80, host: 'www12.c.example', chosen: 'a.example' },
    { ip: '192.0.2.1', port: 80, host: 'unknown.example', chosen: 'a.example' },
    // An exact IP match leaves the `*` vhosts out, whatever the Host says.
    { ip: '10.0.0.1', port: 80, host: 'a.example', chosen: 'ip.example' },
    { ip: '10.0.0.1', port: 80, host: 'ip2.example', chosen: 'ip2.example' },
    // No vhost for the port: the main server (its name is inherited by vhosts without one).
    { ip: '192.0.2.1', port: 8080, host: 'a.example', chosen: 'main server' },
    { ip: '192.0.2.1', port: 8443, host: 'a.example', chosen: 'main.example' },
  ])('$ip:$port Host $host -> $chosen', ({ ip, port, host, chosen }) => {
    const index = selectVirtualHost(vhosts, ip, port, host);
    expect(index < 0 ? 'main server' : vhosts[index]?.serverName).toBe(chosen);
  });

  it.each([
    { text: '*:80', address: { ip: '*', port: 80 } },
    { text: '_default_:443', address: { ip: '*', port: 443 } },
    { text: '10.0.0.1', address: { ip: '10.0.0.1' } },
    { text: '10.0.0.1:*', address: { ip: '10.0.0.1' } },
    { text: '[::1]:8443', address: { ip: '::1', port: 8443 } },
  ])('reads <VirtualHost $text>', ({ text, address }) => {
    expect(parseVirtualHostAddress(text)).toEqual(address);
  });

  it('summarises servers, the web user and loaded modules', () => {
    expect(model.servers.map((s) => [s.serverName ?? null, s.documentRoot, s.inheritedCount > 0])).toEqual([
      ['main.example', '/srv/main', false],
      ['a.example', '/srv/a', true],
      ['b.example', '/srv/b', true],
      ['ip.example', '/srv/main', true],
      ['ip2.example', '/srv/main', true],
      ['main.example', '/srv/tls', true],
    ]);
    expect({ user: model.webUser.user, group: model.webUser.group, line: model.webUser.source?.loc.line }).toEqual({ user: 'www-data', group: 'www-data', line: 2 });
    expect(model.loadedModules.has('core.c')).toBe(true);
    expect(model.listens).toEqual([{ ip: '*', port: 80 }]);
  });
});

describe('the main server', () => {
  it('is named by the Listen lines it answers on, not an assumed *:80', () => {
    const model = buildApacheModel(parsedConfig('Listen 80\nListen 127.0.0.1:8080\n<VirtualHost *:80>\n  ServerName a.example\n</VirtualHost>\n'));
    expect(model.servers[0]?.listens).toEqual(['*:80', '127.0.0.1:8080']);
    expect(model.servers[1]?.listens).toEqual(['*:80']);
  });
});
