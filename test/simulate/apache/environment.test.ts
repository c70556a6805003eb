import { describe, expect, it } from 'vitest';
import { applySetEnvIf, type EnvRequest } from '../../../src/simulate/apache/environment.js';
import { directivesOf } from './parse-config.js';

function request(userAgent: string): EnvRequest {
  return { clientIp: '192.0.2.10', localIp: '192.0.2.1', method: 'GET', uri: '/', host: 'example.test', headers: { 'User-Agent': userAgent } };
}

describe('SetEnvIf and BrowserMatch', () => {
  it('set and unset variables when the attribute matches, in order', () => {
    const lines = directivesOf('BrowserMatchNoCase "^evilbot" bad_bot\nSetEnvIfNoCase User-Agent "friendly" !bad_bot\n');
    const env = new Map<string, string>();
    applySetEnvIf(lines, request('EvilBot/1.0'), env);
    expect(env.get('bad_bot')).toBe('1');
    applySetEnvIf(lines, request('EvilBot friendly'), env);
    expect(env.has('bad_bot')).toBe(false);
  });

  // A bot blocklist (apache-ultimate-bad-bot-blocker's globalblacklist.conf, corpus
  // apache/bad-bot-blocker) holds ~7,900 such lines: more than the shared pattern cache keeps, so
  // each simulated request compiled every pattern again and one lint ran for minutes.
  it('compile a blocklist of thousands of patterns once, not once per request', () => {
    const lines = directivesOf(Array.from({ length: 6000 }, (_, i) => `BrowserMatchNoCase "(?:^|[^a-z])bot${i}x(?:[^a-z]|$)" bad_bot`).join('\n'));
    const first = Date.now();
    const env = new Map<string, string>();
    applySetEnvIf(lines, request('bot5999x/1.0'), env);
    const compiling = Date.now() - first;
    expect(env.get('bad_bot')).toBe('1');
    const later = Date.now();
    for (let i = 0; i < 20; i++) applySetEnvIf(lines, request(`browser ${i}`), new Map());
    // Twenty requests that compile nothing cost less than the one that compiled 6,000 patterns.
    expect(Date.now() - later).toBeLessThan(Math.max(compiling, 50) * 2);
  });
});
