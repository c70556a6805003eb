import { describe, expect, it } from 'vitest';
import { accessCompatOf, evaluateAccessCompat, everyClientRefusedBy } from '../../../src/simulate/apache/access-compat.js';
import { evaluateRequire, mergeRequire, requireTreeOf, type AuthzRequest } from '../../../src/simulate/apache/authz.js';
import { directivesOf } from './parse-config.js';

function request(overrides: Partial<AuthzRequest> = {}): AuthzRequest {
  return {
    clientIp: '192.0.2.10',
    localIp: '192.0.2.1',
    method: 'GET',
    uri: '/',
    host: 'example.test',
    headers: {},
    env: new Map(),
    clientHostNames: [],
    ...overrides,
  };
}

function decide(config: string, overrides: Partial<AuthzRequest> = {}): string {
  const tree = requireTreeOf(directivesOf(config));
  if (!tree) return 'no require';
  const decision = evaluateRequire(tree, request(overrides));
  return decision.unsupported.length > 0 ? `${decision.result} (unsupported)` : decision.result;
}

describe('Require evaluation', () => {
  it.each([
    { config: 'Require all granted', result: 'granted' },
    { config: 'Require all denied', result: 'denied' },
    { config: 'Require ip 192.0.2.10', result: 'granted' },
    { config: 'Require ip 192.0.2', result: 'granted' },
    { config: 'Require ip 192.0.2.0/28', result: 'granted' },
    { config: 'Require ip 192.0.2.16/28', result: 'denied' },
    { config: 'Require ip 192.0.2.0/255.255.255.0', result: 'granted' },
    { config: 'Require ip 10.0.0.1 192.0.2.10', result: 'granted' },
    { config: 'Require local', result: 'denied' },
    { config: 'Require local', overrides: { clientIp: '127.0.0.9' }, result: 'granted' },
    { config: 'Require host example.org', overrides: { clientHostNames: ['www.example.org'] }, result: 'granted' },
    { config: 'Require host example.org', overrides: { clientHostNames: ['badexample.org'] }, result: 'denied' },
    { config: 'Require env TRUSTED', overrides: { env: new Map([['TRUSTED', '1']]) }, result: 'granted' },
    { config: 'Require env TRUSTED', result: 'denied' },
    { config: 'Require method GET POST', overrides: { method: 'HEAD' }, result: 'granted' },
    { config: 'Require method POST', result: 'denied' },
    { config: 'Require valid-user', result: 'denied-no-user' },
    { config: 'Require user alice', result: 'denied-no-user' },
    { config: 'Require user alice', overrides: { user: 'alice' }, result: 'granted' },
    { config: 'Require expr "%{REMOTE_ADDR} -ipmatch \'192.0.2.0/24\'"', result: 'granted' },
    { config: 'Require dbd-group admins', result: 'neutral (unsupported)' },
    // A section's bare Requires are an implicit RequireAny.
    { config: 'Require ip 10.0.0.1\nRequire all granted', result: 'granted' },
    { config: 'Require ip 10.0.0.1\nRequire valid-user', result: 'denied-no-user' },
    { config: '<RequireAll>\nRequire all granted\nRequire not ip 192.0.2.10\n</RequireAll>', result: 'denied' },
    { config: '<RequireAll>\nRequire all granted\nRequire not ip 10.0.0.1\n</RequireAll>', result: 'granted' },
    { config: '<RequireAll>\nRequire ip 192.0.2.10\nRequire valid-user\n</RequireAll>', result: 'denied-no-user' },
    { config: '<RequireAll>\nRequire ip 10.0.0.1\nRequire valid-user\n</RequireAll>', result: 'denied' },
    // A negated requirement never grants on its own: neutral, refused at the top.
    { config: '<RequireAll>\nRequire not ip 10.0.0.1\n</RequireAll>', result: 'neutral' },
    { config: '<RequireNone>\nRequire ip 10.0.0.1\n</RequireNone>', result: 'neutral' },
    { config: '<RequireNone>\nRequire ip 192.0.2.10\n</RequireNone>', result: 'denied' },
    { config: '<RequireAny>\n<RequireAll>\nRequire ip 192.0.2.0/24\nRequire method GET\n</RequireAll>\nRequire all denied\n</RequireAny>', result: 'granted' },
    { config: '<Limit POST>\nRequire all denied\n</Limit>\nRequire all granted', overrides: { method: 'POST' }, result: 'granted' },
    { config: '<LimitExcept GET>\nRequire all denied\n</LimitExcept>', overrides: { method: 'PUT' }, result: 'denied' },
  ])('$config -> $result', ({ config, overrides, result }) => {
    expect(decide(config, overrides)).toBe(result);
  });

  it.each([
    { merging: 'off', parent: 'Require ip 192.0.2.10', child: 'Require all denied', result: 'denied' },
    { merging: 'and', parent: 'Require ip 192.0.2.10', child: 'Require method GET', result: 'granted' },
    { merging: 'and', parent: 'Require ip 10.0.0.1', child: 'Require method GET', result: 'denied' },
    { merging: 'or', parent: 'Require ip 10.0.0.1', child: 'Require method GET', result: 'granted' },
  ] as const)('AuthMerging $merging: $parent then $child -> $result', ({ merging, parent, child, result }) => {
    const merged = mergeRequire(requireTreeOf(directivesOf(parent)), requireTreeOf(directivesOf(child))!, merging);
    expect(evaluateRequire(merged, request()).result).toBe(result);
  });
});

describe('Order/Allow/Deny evaluation', () => {
  it.each([
    { config: 'Order Allow,Deny', allowed: false },
    { config: 'Order Deny,Allow', allowed: true },
    { config: 'Order Allow,Deny\nAllow from all', allowed: true },
    { config: 'Order Allow,Deny\nAllow from all\nDeny from 192.0.2.10', allowed: false },
    { config: 'Order Deny,Allow\nDeny from all\nAllow from 192.0.2.0/24', allowed: true },
    { config: 'Order Deny,Allow\nDeny from all\nAllow from 10.', allowed: false },
    { config: 'Order Mutual-failure\nAllow from 192.0.2.10\nDeny from 10.0.0.1', allowed: true },
    { config: 'Order Mutual-failure\nAllow from 192.0.2.10\nDeny from all', allowed: false },
    { config: 'Deny from env=BOT', overrides: { env: new Map([['BOT', '1']]) }, allowed: false },
    { config: 'Order Allow,Deny\nAllow from env=!BOT', allowed: true },
    { config: 'Order Allow,Deny\nAllow from .example.org', overrides: { clientHostNames: ['host.example.org'] }, allowed: true },
  ])('$config -> $allowed', ({ config, overrides, allowed }) => {
    const access = accessCompatOf(directivesOf(config));
    expect(access && evaluateAccessCompat(access, request(overrides)).allowed).toBe(allowed);
  });

  // The line that closes the door to every client, whatever its address or environment.
  it.each([
    { config: 'Order Deny,Allow\nDeny from all', refusedBy: 'Deny from all' },
    { config: 'Order Deny,Allow\nDeny from all\nAllow from 10.0.0.0/8', refusedBy: undefined },
    { config: 'Order Deny,Allow\nDeny from 192.0.2.10', refusedBy: undefined },
    { config: 'Order Allow,Deny', refusedBy: 'Order Allow,Deny' },
    { config: 'Order Allow,Deny\nAllow from all\nDeny from all', refusedBy: 'Deny from all' },
    { config: 'Order Allow,Deny\nAllow from env=!BOT', refusedBy: undefined },
    { config: 'Order Mutual-failure\nAllow from 192.0.2.10', refusedBy: undefined },
    { config: 'Order Mutual-failure\nDeny from 10.0.0.1', refusedBy: 'Order Mutual-failure' },
    { config: 'Deny from all', refusedBy: 'Deny from all' },
  ])('$config refused by $refusedBy', ({ config, refusedBy }) => {
    const access = accessCompatOf(directivesOf(config));
    const line = access && everyClientRefusedBy(access);
    expect(line && [line.name, ...line.args.map((a) => a.raw)].join(' ')).toBe(refusedBy);
  });
});
