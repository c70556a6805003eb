import { describe, expect, it } from 'vitest';
import { normalizeHost, selectServer } from '../../../src/simulate/nginx/index.js';
import { modelOf } from './model-fixture.js';

const { servers } = modelOf(`
http {
  server { listen 80; server_name first.test; }
  server { listen 80; server_name exact.test www.exact.test; }
  server { listen 80; server_name *.exact.test; }
  server { listen 80; server_name *.a.exact.test; }
  server { listen 80; server_name .dot.test; }
  server { listen 80; server_name www.tail.*; }
  server { listen 80; server_name ~^(?<sub>\\w+)\\.regex\\.test$; }
  server { listen 80; server_name ~^api\\.; }
  server { listen 8080; server_name other-port.test; }
  server { listen 8080 default_server; server_name default.test; }
  server { listen 127.0.0.2:80; server_name local.test; }
  server { listen [::1]:80; server_name six.test; }
  server { server_name implicit.test; }
  server { listen [::]:8081; server_name v6-wildcard.test; }
  server { listen 8081; server_name v4-wildcard.test; }
}`);

/** The first server_name of the selected server, or why none was. */
function selected(host: string, port: number): string {
  const selection = selectServer(servers, host, port);
  return selection ? `${selection.server.names[0] ?? ''} (${selection.reason.kind})` : 'none';
}

describe('selectServer', () => {
  it.each([
    ['exact.test', 80, 'exact.test (name)'],
    ['WWW.Exact.Test', 80, 'exact.test (name)'],
    ['www.exact.test.', 80, 'exact.test (name)'],
    ['exact.test:80', 80, 'exact.test (name)'],
    ['shop.exact.test', 80, '*.exact.test (name)'],
    ['b.a.exact.test', 80, '*.a.exact.test (name)'],
    ['dot.test', 80, '.dot.test (name)'],
    ['x.y.dot.test', 80, '.dot.test (name)'],
    ['www.tail.org', 80, 'www.tail.* (name)'],
    ['blog.regex.test', 80, '~^(?<sub>\\w+)\\.regex\\.test$ (name)'],
    ['api.www.tail.org', 80, '~^api\\. (name)'],
    ['implicit.test', 80, 'implicit.test (name)'],
    ['unknown.test', 80, 'first.test (first-server)'],
    ['unknown.test', 8080, 'default.test (default-server)'],
    ['other-port.test', 8080, 'other-port.test (name)'],
    ['127.0.0.2', 80, 'local.test (first-server)'],
    ['local.test', 80, 'local.test (name)'],
    ['[::1]', 80, 'six.test (first-server)'],
    ['unknown.test', 81, 'none'],
    ['[::1]', 8081, 'v6-wildcard.test (first-server)'],
    ['127.0.0.1', 8081, 'v4-wildcard.test (first-server)'],
    ['[::1]', 8080, 'none'],
  ])('%s on port %i goes to %s', (host, port, expected) => {
    expect(selected(host, port)).toBe(expected);
  });
});

describe('normalizeHost', () => {
  it.each([
    ['Example.COM', 'example.com'],
    ['example.com.', 'example.com'],
    ['example.com:8080', 'example.com'],
    ['[::1]:8080', '[::1]'],
  ])('%s -> %s', (host, expected) => {
    expect(normalizeHost(host)).toBe(expected);
  });
});
