import { describe, expect, it } from 'vitest';
import { decideAccess } from '../../../src/simulate/nginx/index.js';
import type { HttpRequest } from '../../../src/simulate/types.js';
import { modelOf } from './model-fixture.js';

const CREDENTIALS = { Authorization: `Basic ${Buffer.from('user:password').toString('base64')}` };

function decide(directives: string, clientIp: string, withCredentials = false): string {
  const settings = modelOf(`http { server { ${directives} } }`).servers[0]!.settings;
  const request: HttpRequest = { method: 'GET', scheme: 'http', host: 'localhost', port: 80, path: '/', query: '', clientIp, ...(withCredentials ? { headers: CREDENTIALS } : {}) };
  const decision = decideAccess(settings, request);
  const rule = decision.rule ? ` by ${decision.rule.action} ${decision.rule.directive.args[0]?.value}` : '';
  return decision.allowed ? `allowed${rule}` : `${decision.status}${rule}`;
}

describe('decideAccess', () => {
  it.each([
    ['', '10.0.0.1', false, 'allowed'],
    ['deny all;', '10.0.0.1', false, '403 by deny all'],
    ['allow 10.0.0.1; deny all;', '10.0.0.1', false, 'allowed by allow 10.0.0.1'],
    ['deny 10.0.0.0/8; allow 10.0.0.1;', '10.0.0.1', false, '403 by deny 10.0.0.0/8'],
    ['deny 192.168.0.0/16;', '10.0.0.1', false, 'allowed'],
    ['deny 2001:db8::/32; allow all;', '2001:db8::5', false, '403 by deny 2001:db8::/32'],
    ['deny ::/0;', '10.0.0.1', false, 'allowed'],
    ['auth_basic "r";', '10.0.0.1', false, '401'],
    ['auth_basic "r";', '10.0.0.1', true, 'allowed'],
    ['auth_basic off;', '10.0.0.1', false, 'allowed'],
    ['deny all; auth_basic "r";', '10.0.0.1', false, '403 by deny all'],
    ['allow 10.0.0.1; deny all; auth_basic "r";', '10.0.0.1', false, '401 by allow 10.0.0.1'],
    ['satisfy any; allow 10.0.0.1; deny all; auth_basic "r";', '10.0.0.1', false, 'allowed by allow 10.0.0.1'],
    ['satisfy any; allow 10.0.0.1; deny all; auth_basic "r";', '10.0.0.2', false, '401 by deny all'],
    ['satisfy any; allow 10.0.0.1; deny all; auth_basic "r";', '10.0.0.2', true, 'allowed by deny all'],
    ['satisfy any; deny all;', '10.0.0.2', false, '403 by deny all'],
    ['satisfy any;', '10.0.0.2', false, 'allowed'],
  ])('%s from %s (credentials: %s) is %s', (directives, clientIp, withCredentials, expected) => {
    expect(decide(directives, clientIp, withCredentials)).toBe(expected);
  });
});
