import { describe, expect, it } from 'vitest';
import { matchLocation } from '../../../src/simulate/nginx/index.js';
import { describeLocation } from '../../../src/simulate/nginx/trace.js';
import { modelOf } from './model-fixture.js';

const server = modelOf(`
http {
  server {
    location = / { }
    location / { }
    location /images/ { }
    location ^~ /static/ {
      location ~ \\.map$ { }
    }
    location ~ \\.(png|jpg)$ { }
    location ~* \\.JS$ { }
    location /docs/ {
      location /docs/internal/ { }
      location ~ \\.pdf$ { }
    }
    location ~ ^/docs/ { }
    location =/exact { }
    location @fallback { }
  }
}`).servers[0]!;

describe('matchLocation', () => {
  it.each([
    ['/', 'location = /'],
    ['/index.html', 'location /'],
    ['/images/a.gif', 'location /images/'],
    ['/images/a.png', 'location ~ \\.(png|jpg)$'],
    ['/static/a.png', 'location ^~ /static/'],
    ['/static/app.js.map', 'location ~ \\.map$'],
    ['/app.js', 'location ~* \\.JS$'],
    ['/APP.Js', 'location ~* \\.JS$'],
    ['/docs/guide.pdf', 'location ~ \\.pdf$'],
    ['/docs/internal/guide.pdf', 'location ~ \\.pdf$'],
    ['/docs/internal/page.html', 'location ~ ^/docs/'],
    ['/docs/page.html', 'location ~ ^/docs/'],
    ['/exact', 'location =/exact'],
    ['/exact/more', 'location /'],
    ['/@fallback', 'location /'],
  ])('%s is served by %s', (uri, expected) => {
    const { location } = matchLocation(server.locations, uri);
    expect(location && describeLocation(location)).toBe(expected);
  });

  it('leaves the server settings in charge when no location matches', () => {
    const bare = modelOf('http { server { location /only/ { } } }').servers[0]!;
    expect(matchLocation(bare.locations, '/other').location).toBeUndefined();
  });

  it.each([
    ['/api', 'location /api/', true],
    ['/api/', 'location /api/', undefined],
    ['/files', 'location ~ ^/files', undefined],
    ['/exact', 'location = /exact', undefined],
  ])('%s with an upstream location: %s, auto redirect %s', (uri, expected, autoRedirect) => {
    const proxied = modelOf(`http { server {
      location /api/ { proxy_pass http://backend; }
      location /files/ { root /srv; }
      location ~ ^/files { }
      location = /exact { }
      location /exact/ { fastcgi_pass unix:/run/php.sock; }
    } }`).servers[0]!;
    const match = matchLocation(proxied.locations, uri);
    expect([match.location && describeLocation(match.location), match.autoRedirect]).toEqual([expected, autoRedirect]);
  });

  it.each([
    ['location ~ (?i)^/CaSe', '/case', 'location ~ (?i)^/CaSe'],
    ['location ~ ^/(?P<id>\\d+)$', '/42', 'location ~ ^/(?P<id>\\d+)$'],
    ['location ~ ^/a++b', '/aab', undefined],
  ])('%s: PCRE spellings', (head, uri, expected) => {
    const model = modelOf(`http { server { ${head} { } } }`);
    const { location } = matchLocation(model.servers[0]!.locations, uri);
    expect(location && describeLocation(location)).toBe(expected);
    expect(model.diagnostics.map((d) => d.code)).toEqual(expected ? [] : ['unsupported-location-regex']);
  });

  it('hands back the captures of the regex that matched', () => {
    const withCaptures = modelOf('http { server { location ~ ^/u/(\\d+)/(?<tab>\\w+)$ { } } }').servers[0]!;
    expect(matchLocation(withCaptures.locations, '/u/42/posts')).toMatchObject({ captures: ['/u/42/posts', '42', 'posts'], namedCaptures: { tab: 'posts' } });
  });
});
