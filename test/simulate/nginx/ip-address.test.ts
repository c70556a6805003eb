import { describe, expect, it } from 'vitest';
import { networkContains, parseIpAddress, parseIpNetwork } from '../../../src/model/nginx/index.js';

describe('networkContains', () => {
  it.each([
    ['127.0.0.1', '127.0.0.1', true],
    ['127.0.0.1', '127.0.0.2', false],
    ['127.0.0.0/8', '127.255.0.9', true],
    ['127.0.0.0/30', '127.0.0.3', true],
    ['127.0.0.0/30', '127.0.0.4', false],
    ['10.1.2.3/16', '10.1.200.1', true],
    ['0.0.0.0/0', '203.0.113.9', true],
    ['192.168.0.0/16', '::ffff:192.168.4.4', true],
    ['::1', '::1', true],
    ['::1', '127.0.0.1', false],
    ['::/0', '127.0.0.1', false],
    ['2001:db8::/32', '2001:db8:ffff::1', true],
    ['2001:db8::/32', '2001:db9::1', false],
    ['fe80::/10', 'febf::1', true],
    ['::ffff:0:0/96', '::ffff:10.0.0.1', true],
  ])('%s contains %s: %s', (network, ip, expected) => {
    const parsedNetwork = parseIpNetwork(network);
    const parsedIp = parseIpAddress(ip);
    expect(parsedNetwork && parsedIp && networkContains(parsedNetwork, parsedIp)).toBe(expected);
  });

  it.each(['256.0.0.1', '1.2.3', '10.0.0.0/33', '::1/129', '1::2::3', 'example.com', '10.0.0.0/x'])('%s is not an address or network', (text) => {
    expect(parseIpNetwork(text)).toBeUndefined();
  });
});
