/** IPv4 and IPv6 addresses as integers, so `allow 10.0.0.0/8` and `deny 2001:db8::/32` match by masking. */

export interface IpAddress {
  family: 4 | 6;
  address: bigint;
}

export interface IpNetwork extends IpAddress {
  prefixLength: number;
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

export function parseIpAddress(text: string): IpAddress | undefined {
  const v4 = parseIpv4(text);
  if (v4 !== undefined) return { family: 4, address: v4 };
  const v6 = parseIpv6(text.replace(/^\[(.*)\]$/, '$1'));
  return v6 === undefined ? undefined : { family: 6, address: v6 };
}

/**
 * `addr` or `addr/len`. Like nginx's ngx_ptocidr, host bits set under the mask are cleared
 * (nginx warns "low address bits of ... are meaningless") rather than rejected.
 */
export function parseIpNetwork(text: string): IpNetwork | undefined {
  const [addressText = '', lengthText, ...rest] = text.split('/');
  if (rest.length > 0) return undefined;
  const ip = parseIpAddress(addressText);
  if (ip === undefined) return undefined;
  const bits = ip.family === 4 ? 32 : 128;
  if (lengthText !== undefined && !/^\d{1,3}$/.test(lengthText)) return undefined;
  const prefixLength = lengthText === undefined ? bits : Number(lengthText);
  if (prefixLength > bits) return undefined;
  return { family: ip.family, address: ip.address & networkMask(bits, prefixLength), prefixLength };
}

/**
 * Whether `ip` lies in `network`. An IPv4-mapped IPv6 client (`::ffff:10.0.0.1`) is matched
 * against IPv4 rules, as ngx_http_access_module does for mapped addresses.
 */
export function networkContains(network: IpNetwork, ip: IpAddress): boolean {
  const candidate = ip.family === 6 && network.family === 4 ? unmapIpv4(ip) : ip;
  if (candidate === undefined || candidate.family !== network.family) return false;
  const bits = network.family === 4 ? 32 : 128;
  return (candidate.address & networkMask(bits, network.prefixLength)) === network.address;
}

function unmapIpv4(ip: IpAddress): IpAddress | undefined {
  return ip.address >> 32n === 0xffffn ? { family: 4, address: ip.address & 0xffffffffn } : undefined;
}

function networkMask(bits: number, prefixLength: number): bigint {
  const all = (1n << BigInt(bits)) - 1n;
  return all ^ ((1n << BigInt(bits - prefixLength)) - 1n);
}

function parseIpv4(text: string): bigint | undefined {
  const match = IPV4.exec(text);
  if (!match) return undefined;
  let value = 0n;
  for (const octet of match.slice(1)) {
    const n = Number(octet);
    if (n > 255) return undefined;
    value = (value << 8n) | BigInt(n);
  }
  return value;
}

function parseIpv6(text: string): bigint | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(text)) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groupsOf = (part: string): number[] | undefined => {
    if (part === '') return [];
    const groups: number[] = [];
    const pieces = part.split(':');
    for (const [i, piece] of pieces.entries()) {
      if (i === pieces.length - 1 && piece.includes('.')) {
        const v4 = parseIpv4(piece);
        if (v4 === undefined) return undefined;
        groups.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
      } else if (/^[0-9a-fA-F]{1,4}$/.test(piece)) {
        groups.push(parseInt(piece, 16));
      } else {
        return undefined;
      }
    }
    return groups;
  };
  const head = groupsOf(halves[0] ?? '');
  const tail = halves.length === 2 ? groupsOf(halves[1] ?? '') : [];
  if (head === undefined || tail === undefined) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  return [...head, ...new Array<number>(missing).fill(0), ...tail].reduce((acc, g) => (acc << 16n) | BigInt(g), 0n);
}
