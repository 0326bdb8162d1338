/** The six v1 virtual network settings: all or none, names, CIDRs and the DNS service IP. */
import { ProblemCollector } from '../errors';
import { checkString } from '../validation';
import { checkCidr, formatIpv4, overlaps, parseIpv4 } from './ipv4';
import { ResolvedVnetSettings, VNET_PROPS } from './props';
import { RESOURCE_GROUP_PATTERN, SUBNET_NAME_PATTERN, VNET_NAME_PATTERN, checkPattern, label } from './rules';

/** Checks the network props; returns the resolved settings when they are valid and set. */
export function validateVnet(c: ProblemCollector, p: Record<string, unknown>): ResolvedVnetSettings | undefined {
  const set = VNET_PROPS.filter((k) => p[k] !== undefined);
  if (set.length === 0) return undefined;
  const before = c.problems.length;
  if (set.length < VNET_PROPS.length) {
    const missing = VNET_PROPS.filter((k) => p[k] === undefined);
    c.addRaw(
      `Virtual network settings are incomplete: ${set.map(label).join(', ')} ${set.length === 1 ? 'is' : 'are'} set but ` +
        `${missing.map(label).join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing: give all six network settings or none.`,
    );
  }
  checkPattern(c, 'vnetName', p.vnetName, VNET_NAME_PATTERN,
    'must be 2 to 64 letters, digits, "_", "-" and ".", starting with a letter or digit and ending with a letter, digit or "_"', 64);
  checkPattern(c, 'vnetResourceGroupName', p.vnetResourceGroupName, RESOURCE_GROUP_PATTERN,
    'must be 1 to 90 letters, digits, "_", "-", ".", "(" and ")", not ending with "."', 90);
  checkPattern(c, 'subnetName', p.subnetName, SUBNET_NAME_PATTERN,
    'must be 1 to 80 letters, digits, "_", "-" and ".", starting with a letter or digit and ending with a letter, digit or "_"', 80);
  const service = p.serviceCidr !== undefined ? checkCidr(c, 'serviceCidr', p.serviceCidr) : undefined;
  const bridge = p.dockerBridgeCidr !== undefined ? checkCidr(c, 'dockerBridgeCidr', p.dockerBridgeCidr, { hostAddressAllowed: true }) : undefined;
  let dns: number | undefined;
  if (p.dnsServiceIp !== undefined && checkString(c, label('dnsServiceIp'), p.dnsServiceIp, { maxLength: 64 })) {
    dns = parseIpv4(p.dnsServiceIp as string);
    if (dns === undefined) c.add(label('dnsServiceIp'), p.dnsServiceIp, 'must be an IPv4 address, e.g. "10.0.0.10"');
  }
  if (service && dns !== undefined) {
    if (dns < service.base || dns >= service.base + service.size) {
      c.add(label('dnsServiceIp'), p.dnsServiceIp, `must be inside serviceCidr ${p.serviceCidr as string}`);
    } else if (dns - service.base <= 1) {
      c.add(label('dnsServiceIp'), p.dnsServiceIp,
        `must not be the network address or the first address of serviceCidr ${p.serviceCidr as string} (the first one is the Kubernetes API service's); use e.g. ${formatIpv4(service.base + 10)}`);
    }
  }
  if (service && bridge && overlaps(service, bridge)) {
    c.add(label('dockerBridgeCidr'), p.dockerBridgeCidr, `must not overlap serviceCidr ${p.serviceCidr as string}`);
  }
  if (c.problems.length > before) return undefined;
  return {
    vnetName: p.vnetName as string,
    vnetResourceGroupName: p.vnetResourceGroupName as string,
    subnetName: p.subnetName as string,
    serviceCidr: p.serviceCidr as string,
    dnsServiceIp: p.dnsServiceIp as string,
    dockerBridgeCidr: p.dockerBridgeCidr as string,
  };
}
