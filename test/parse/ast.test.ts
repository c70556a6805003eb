import { describe, expect, it } from 'vitest';
import { walkDirectives, type Directive, type Node } from '../../src/parse/ast.js';
import { parseNginx } from '../../src/parse/nginx/index.js';

describe('walkDirectives', () => {
  it('visits blocks and includes depth first, in reading order, with their parents', () => {
    const { nodes } = parseNginx('http {\n  server { listen 80; }\n  include x;\n}\nevents {}\n', '/etc/nginx/nginx.conf');
    const http = nodes[0] as Directive;
    const include = http.children?.[1] as Directive;
    include.included = [{ file: '/etc/nginx/x', nodes: parseNginx('server { root /srv; }\n', '/etc/nginx/x').nodes }];
    const visited = [...walkDirectives(nodes)].map(({ directive, parents }) => [...parents.map((p) => p.name), directive.name].join('>'));
    expect(visited).toEqual(['http', 'http>server', 'http>server>listen', 'http>server', 'http>server>root', 'events']);
  });

  it('walks 10,000 nested blocks without exhausting the stack', () => {
    const depth = 10_000;
    let inner: Node[] = [];
    for (let i = 0; i < depth; i++) {
      const loc = { file: 'f', line: 1, column: 1, endLine: 1, endColumn: 1 };
      inner = [{ type: 'directive', dialect: 'nginx', name: 'location', lowerName: 'location', args: [], nameLoc: loc, loc, children: inner }];
    }
    let count = 0;
    let deepest = 0;
    for (const { parents } of walkDirectives(inner)) {
      count++;
      deepest = Math.max(deepest, parents.length);
    }
    expect(count).toBe(depth);
    expect(deepest).toBe(depth - 1);
  });
});
