/**
 * TLS of the Azure ML inference router (v1 `enable_ssl`): your own certificate
 * (CNAME + certificate + key, all or none) or a Microsoft-issued one (a leaf
 * domain label alone); reading the PEM files for a workspace registration; and
 * the configuration without the key.
 */
import { readFileSync } from 'fs';
import { ConfigurationWarning, ProblemCollector } from '../errors';
import { checkBoolean, checkString } from '../validation';
import { ResolvedClusterConfig, ResolvedCnameTls, ResolvedLeafDomainTls } from './props';
import { DNS_LABEL_PATTERN, HOSTNAME_PATTERN, checkPattern, label } from './rules';

/** Checks the TLS props; returns the resolved TLS settings when they are valid and set. */
export function validateTls(c: ProblemCollector, p: Record<string, unknown>, warnings: ConfigurationWarning[] = []): ResolvedCnameTls | ResolvedLeafDomainTls | undefined {
  const before = c.problems.length;
  checkPattern(c, 'sslCname', p.sslCname, HOSTNAME_PATTERN, 'must be a DNS host name such as "ml.contoso.com"', 253);
  checkString(c, label('sslCertPemFile'), p.sslCertPemFile, { maxLength: 4096 });
  checkString(c, label('sslKeyPemFile'), p.sslKeyPemFile, { maxLength: 4096 });
  if (checkString(c, 'sslCert', p.sslCert, { maxLength: 1_000_000 }) && typeof p.sslCert === 'string' && !p.sslCert.includes('-----BEGIN CERTIFICATE-----')) {
    c.add('sslCert', p.sslCert, 'must be a PEM certificate ("-----BEGIN CERTIFICATE-----"); for a file path use sslCertPemFile');
  }
  if (p.sslKey !== undefined) {
    if (typeof p.sslKey !== 'string' || p.sslKey.length > 1_000_000 || !/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(p.sslKey)) {
      c.add('sslKey', '<redacted>', 'must be a PEM private key ("-----BEGIN ... PRIVATE KEY-----"); for a file path use sslKeyPemFile');
    }
  }
  checkPattern(c, 'leafDomainLabel', p.leafDomainLabel, DNS_LABEL_PATTERN,
    'must be a DNS label: 1 to 63 lowercase letters, digits and "-", starting and ending with a letter or digit', 63);
  checkBoolean(c, 'overwriteExistingDomain', p.overwriteExistingDomain, 'overwrite_existing_domain');

  if (p.sslCertPemFile !== undefined && p.sslCert !== undefined) {
    c.addRaw('sslCertPemFile (v1: ssl_cert_pem_file) and sslCert are both set: give the certificate once, as a file path or as PEM content.');
  }
  if (p.sslKeyPemFile !== undefined && p.sslKey !== undefined) {
    c.addRaw('sslKeyPemFile (v1: ssl_key_pem_file) and sslKey are both set: give the key once, as a file path or as PEM content.');
  }
  const parts = [
    { name: 'sslCname (v1: ssl_cname)', set: p.sslCname !== undefined },
    { name: 'the certificate (sslCertPemFile or sslCert; v1: ssl_cert_pem_file)', set: p.sslCertPemFile !== undefined || p.sslCert !== undefined },
    { name: 'the key (sslKeyPemFile or sslKey; v1: ssl_key_pem_file)', set: p.sslKeyPemFile !== undefined || p.sslKey !== undefined },
  ];
  const set = parts.filter((x) => x.set);
  const leaf = p.leafDomainLabel !== undefined;
  // v1's order (AksProvisioningConfiguration.validate_configuration): an incomplete
  // CNAME/certificate/key group first; a complete one then excludes the leaf domain label
  // and overwrite_existing_domain. overwrite_existing_domain without either was accepted
  // (it has no effect: a warning here).
  if (set.length > 0 && set.length < parts.length) {
    const missing = parts.filter((x) => !x.set);
    c.addRaw(
      `TLS settings are incomplete: ${set.map((x) => x.name).join(' and ')} ${set.length === 1 ? 'is' : 'are'} set but ` +
        `${missing.map((x) => x.name).join(' and ')} ${missing.length === 1 ? 'is' : 'are'} missing: ` +
        'give all three of CNAME, certificate and key, or none (or leafDomainLabel alone for a Microsoft-issued certificate).',
    );
  } else if (leaf && set.length > 0) {
    c.addRaw(
      `leafDomainLabel (v1: leaf_domain_label) asks for a Microsoft-issued certificate and cannot be combined with ${set.map((x) => x.name).join(', ')}: ` +
        'use either leafDomainLabel alone, or sslCname with your certificate and key.',
    );
  } else if (set.length > 0 && p.overwriteExistingDomain === true) {
    c.add(label('overwriteExistingDomain'), p.overwriteExistingDomain, 'applies only with leafDomainLabel (v1: leaf_domain_label), not with your own certificate (sslCname); remove it');
  }
  if (p.overwriteExistingDomain === true && !leaf && set.length === 0) {
    warnings.push({ id: 'aks-ml:cluster:overwriteWithoutLeafLabel', prop: 'overwriteExistingDomain', message: '(v1: overwrite_existing_domain) has no effect without leafDomainLabel (v1: leaf_domain_label); v1 ignored it too.' });
  }
  if (c.problems.length > before) return undefined;
  if (leaf) {
    return {
      kind: 'leafDomainLabel',
      leafDomainLabel: p.leafDomainLabel as string,
      overwriteExistingDomain: (p.overwriteExistingDomain as boolean | undefined) ?? false,
    };
  }
  if (set.length === parts.length) {
    return {
      kind: 'cname',
      cname: p.sslCname as string,
      ...(p.sslCertPemFile !== undefined ? { certPemFile: p.sslCertPemFile as string } : {}),
      ...(p.sslKeyPemFile !== undefined ? { keyPemFile: p.sslKeyPemFile as string } : {}),
      ...(p.sslCert !== undefined ? { cert: p.sslCert as string } : {}),
      ...(p.sslKey !== undefined ? { key: p.sslKey as string } : {}),
    };
  }
  return undefined;
}
/** The certificate and key contents of a cname TLS configuration. */
export interface ClusterTlsContent {
  readonly cert: string;
  readonly key: string;
}

/**
 * The certificate and key contents of a cname TLS configuration: the inline PEM
 * values, or the PEM files read now. Unreadable files and files that are not PEM
 * are problems.
 */
export function readClusterTlsContent(c: ProblemCollector, tls: ResolvedCnameTls): ClusterTlsContent {
  const read = (prop: string, inline: string | undefined, file: string | undefined, marker: RegExp, what: string): string => {
    if (inline !== undefined) return inline;
    try {
      const text = readFileSync(file as string, 'utf8');
      if (!marker.test(text)) c.add(prop, file, `must be a PEM ${what} file`);
      return text;
    } catch (e) {
      c.add(prop, file, `must be a readable file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
      return '';
    }
  };
  const cert = read('sslCertPemFile (v1: ssl_cert_pem_file)', tls.cert, tls.certPemFile, /-----BEGIN CERTIFICATE-----/, 'certificate');
  const key = read('sslKeyPemFile (v1: ssl_key_pem_file)', tls.key, tls.keyPemFile, /-----BEGIN [A-Z ]*PRIVATE KEY-----/, 'private key');
  return { cert, key };
}

/** The configuration without the TLS key (it is sent to Azure as a secret only). */
export function redactClusterConfig(config: ResolvedClusterConfig): ResolvedClusterConfig {
  if (config.tls?.kind !== 'cname' || config.tls.key === undefined) return config;
  const { key: _key, ...tls } = config.tls;
  return { ...config, tls };
}
