/**
 * Address specs as mod_authz_host (`Require ip`) and mod_access_compat (`Allow from`) read
 * them through apr_ipsubnet_create: a full address, a partial one (`10.1` is `10.1.0.0/16`),
 * `a.b.c.d/nn` or `a.b.c.d/m.m.m.m`. IPv4 only; an IPv6 spec never matches an IPv4 client.
 */
export function ipMatches(spec: string, clientIp: string): boolean {
  const client = ipv4ToNumber(clientIp.replace(/^::ffff:/, ''));
  const subnet = parseSubnet(spec);
  if (client === undefined || subnet === undefined) return spec === clientIp;
  return ((client & subnet.mask) >>> 0) === subnet.network;
}

export function isIpSpec(spec: string): boolean {
  return parseSubnet(spec) !== undefined;
}

function parseSubnet(spec: string): { network: number; mask: number } | undefined {
  const [address = '', maskText] = spec.split('/');
  const parts = address.replace(/\.$/, '').split('.');
  if (parts.length === 0 || parts.length > 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return undefined;
  let mask: number;
  if (maskText === undefined) {
    mask = parts.length === 4 ? 0xffffffff : (0xffffffff << (32 - 8 * parts.length)) >>> 0;
  } else if (/^\d{1,2}$/.test(maskText) && Number(maskText) <= 32) {
    mask = Number(maskText) === 0 ? 0 : (0xffffffff << (32 - Number(maskText))) >>> 0;
  } else {
    const asAddress = ipv4ToNumber(maskText);
    if (asAddress === undefined) return undefined;
    mask = asAddress;
  }
  while (parts.length < 4) parts.push('0');
  const network = ipv4ToNumber(parts.join('.'));
  return network === undefined ? undefined : { network: (network & mask) >>> 0, mask };
}

function ipv4ToNumber(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return undefined;
  return parts.reduce((acc, p) => ((acc << 8) | Number(p)) >>> 0, 0);
}
