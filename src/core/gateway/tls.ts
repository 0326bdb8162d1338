/**
 * Where the gateway's certificate comes from ({@link GatewayTls}), and the v1
 * cluster TLS (`ssl_cname` + PEM certificate and key, or `leaf_domain_label`)
 * carried to the gateway ({@link GatewayTls.fromV1Cluster}):
 *
 * - an existing `kubernetes.io/tls` Secret (nothing emitted);
 * - a Key Vault certificate through External Secrets (an ExternalSecret whose
 *   template writes `tls.crt` and `tls.key`; no key material in the manifests);
 * - PEM text or files (a `kubernetes.io/tls` Secret: in Pulumi its values are
 *   secrets; cdk8s refuses it unless `allowKeyMaterialInManifests` is set, since
 *   the key would be written to the YAML);
 * - a leaf domain label: the Azure DNS label of the gateway's public load
 *   balancer (`service.beta.kubernetes.io/azure-dns-label-name`, giving
 *   `<label>.<region>.cloudapp.azure.com`) and a cert-manager ACME `Certificate`
 *   for that name, with a `ClusterIssuer` solving HTTP-01 through the Gateway
 *   (cert-manager's `gatewayHTTPRoute` solver), or your issuer.
 */
import { readFileSync } from 'fs';
import { ConfigurationWarning, ProblemCollector } from '../errors';
import { KubeObject } from '../kube';
import { isPlainObject } from '../validation';
import { DEFAULT_SECRET_STORE_KIND, SecretStoreRef, clusterSecretStoreWarning } from '../webservice/auth-keys';
import { ESO_API_VERSION } from '../webservice/keys';

/** The cert-manager API of Certificate and ClusterIssuer. */
export const CERT_MANAGER_API_VERSION = 'cert-manager.io/v1';
/** The Azure cloud provider's annotation that gives a LoadBalancer Service's public IP a DNS label. */
export const AZURE_DNS_LABEL_ANNOTATION = 'service.beta.kubernetes.io/azure-dns-label-name';
/** The label of cert-manager's HTTP-01 solver routes (the gateway opens them to the challenge; value: the Gateway's name). */
export const ACME_SOLVER_ROUTE_LABEL = 'aks-ml-constructs.io/acme-solver';
/** Let's Encrypt's production ACME directory. */
export const LETS_ENCRYPT_PRODUCTION = 'https://acme-v02.api.letsencrypt.org/directory';

const DNS_LABEL = /^[a-z][a-z0-9-]{1,61}[a-z0-9]$/;
const REGION = /^[a-z][a-z0-9]{1,40}$/;
const OBJECT_NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
const HOSTNAME = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+$/;
const KV_NAME = /^[0-9a-zA-Z-]{1,127}$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/**
 * A SecretStore (in the gateway's namespace, the default kind) or ClusterSecretStore of
 * External Secrets backed by Azure Key Vault: the same reference, default and warning as
 * the services' Key Vault stores.
 */
export type GatewayTlsSecretStoreRef = SecretStoreRef;

/** Options of {@link GatewayTls.fromKeyVault}. */
export interface GatewayTlsKeyVaultOptions {
  /** The store that reads the Key Vault (Azure provider, workload identity). */
  readonly secretStore: GatewayTlsSecretStoreRef;
  /** The Key Vault certificate's name (read as its secret: certificate chain and private key). */
  readonly certificateName: string;
  /**
   * The certificate's content type in Key Vault: `pem` (imported or issued as PEM) or
   * `pkcs12` (the Key Vault default, a base64 PFX).
   * @default "pem"
   */
  readonly contentType?: 'pem' | 'pkcs12';
  /** @default "1h" */
  readonly refreshInterval?: string;
  /** @default "<gateway>-tls" */
  readonly secretName?: string;
}

/** Options of {@link GatewayTls.fromPem}. */
export interface GatewayTlsPemOptions {
  /** The PEM certificate (chain). */
  readonly cert: string;
  /** The PEM private key. Never shown in messages. */
  readonly key: string;
  /** @default "<gateway>-tls" */
  readonly secretName?: string;
  /**
   * Let the cdk8s engine write the key into the manifests (a `kubernetes.io/tls`
   * Secret in the YAML). The Pulumi engine always keeps them as secrets.
   * @default false
   */
  readonly allowKeyMaterialInManifests?: boolean;
}

/** An ACME issuer for the leaf domain label's certificate. */
export interface GatewayTlsAcmeIssuerOptions {
  /** The ACME account e-mail (expiry notices). */
  readonly email: string;
  /** @default Let's Encrypt production */
  readonly server?: string;
  /** The ClusterIssuer's name. @default "<gateway>-acme" */
  readonly name?: string;
}

/** Options of {@link GatewayTls.fromLeafDomainLabel}. */
export interface GatewayTlsLeafDomainOptions {
  /** The DNS label (v1: `leaf_domain_label`): 3 to 63 lowercase letters, digits and "-", starting with a letter. */
  readonly leafDomainLabel: string;
  /** The cluster's Azure region, e.g. "westeurope": the name is `<label>.<region>.cloudapp.azure.com`. */
  readonly location: string;
  /**
   * Who issues the certificate: an ACME ClusterIssuer this gateway creates (HTTP-01
   * through the Gateway), or an existing issuer of yours.
   */
  readonly issuer: { readonly acme: GatewayTlsAcmeIssuerOptions } | { readonly existing: { readonly name: string; readonly kind?: 'Issuer' | 'ClusterIssuer' } };
  /**
   * v1: `overwrite_existing_domain`. Azure cannot take a DNS label another public IP
   * of the region holds, so true only warns (free the label first).
   * @default false
   */
  readonly overwriteExistingDomain?: boolean;
  /** @default "<gateway>-tls" */
  readonly secretName?: string;
}

/** Options of {@link GatewayTls.fromV1Cluster}. */
export interface GatewayTlsFromV1ClusterOptions {
  /** For `leafDomainLabel`: the certificate's issuer (see {@link GatewayTlsLeafDomainOptions.issuer}). */
  readonly issuer?: GatewayTlsLeafDomainOptions['issuer'];
  /**
   * For `sslCname`: take the certificate from Key Vault instead of the PEM files
   * (the hostname stays the CNAME).
   */
  readonly keyVault?: Omit<GatewayTlsKeyVaultOptions, 'secretName'>;
  /** For `sslCname` with PEM files or text: see {@link GatewayTlsPemOptions.allowKeyMaterialInManifests}. @default false */
  readonly allowKeyMaterialInManifests?: boolean;
}

/** The v1 TLS of a resolved cluster configuration (the fields fromV1Cluster reads). */
export interface V1ClusterTls {
  readonly location?: string;
  readonly tls?:
    | { readonly kind: 'cname'; readonly cname: string; readonly certPemFile?: string; readonly keyPemFile?: string; readonly cert?: string; readonly key?: string }
    | { readonly kind: 'leafDomainLabel'; readonly leafDomainLabel: string; readonly overwriteExistingDomain: boolean };
}

type Source =
  | { readonly kind: 'secret'; readonly name: string; readonly namespace?: string }
  | { readonly kind: 'keyVault'; readonly options: GatewayTlsKeyVaultOptions }
  | { readonly kind: 'pem'; readonly options: GatewayTlsPemOptions; readonly problems: readonly string[] }
  | { readonly kind: 'leafDomainLabel'; readonly options: GatewayTlsLeafDomainOptions };

const BRAND = Symbol.for('aks-ml-constructs.GatewayTls');

/** Where the gateway's certificate comes from. Pass it as `tls.certificate` of `AksMlGateway`. */
export class GatewayTls {
  /** An existing `kubernetes.io/tls` Secret (e.g. issued by your cert-manager setup). */
  public static fromSecret(name: string, namespace?: string): GatewayTls {
    return new GatewayTls({ kind: 'secret', name, ...(namespace !== undefined ? { namespace } : {}) }, undefined);
  }

  /** A Key Vault certificate, synced by External Secrets into the gateway's TLS Secret. */
  public static fromKeyVault(options: GatewayTlsKeyVaultOptions): GatewayTls {
    return new GatewayTls({ kind: 'keyVault', options }, undefined);
  }

  /** PEM text: a `kubernetes.io/tls` Secret (a Pulumi secret; refused by cdk8s unless allowed). */
  public static fromPem(options: GatewayTlsPemOptions): GatewayTls {
    return new GatewayTls({ kind: 'pem', options, problems: [] }, undefined);
  }

  /** PEM files (v1: `ssl_cert_pem_file`, `ssl_key_pem_file`), read now. */
  public static fromPemFiles(options: Omit<GatewayTlsPemOptions, 'cert' | 'key'> & { readonly certPemFile: string; readonly keyPemFile: string }): GatewayTls {
    const problems: string[] = [];
    const read = (prop: string, file: string, marker: RegExp, what: string): string => {
      const r = GatewayTls.readPem(prop, file, marker, what);
      problems.push(...r.problems);
      return r.text;
    };
    const { certPemFile, keyPemFile, ...rest } = options;
    const cert = read('tls.certificate certPemFile (v1: ssl_cert_pem_file)', certPemFile, /-----BEGIN CERTIFICATE-----/, 'certificate');
    const key = read('tls.certificate keyPemFile (v1: ssl_key_pem_file)', keyPemFile, /-----BEGIN [A-Z ]*PRIVATE KEY-----/, 'private key');
    return new GatewayTls({ kind: 'pem', options: { ...rest, cert, key }, problems }, undefined);
  }

  /** A leaf domain label (v1: `leaf_domain_label`): the Azure DNS label of the load balancer and an ACME certificate for it. */
  public static fromLeafDomainLabel(options: GatewayTlsLeafDomainOptions): GatewayTls {
    return new GatewayTls({ kind: 'leafDomainLabel', options }, undefined);
  }

  /**
   * The v1 cluster TLS of an `AksCluster` (`cluster.config`): `sslCname` with the
   * PEM files or text (or, with `keyVault`, the Key Vault certificate) serving the
   * CNAME; `leafDomainLabel` with `issuer` as an ACME certificate for
   * `<label>.<location>.cloudapp.azure.com`. Undefined when the cluster has no TLS.
   */
  public static fromV1Cluster(cluster: V1ClusterTls, options: GatewayTlsFromV1ClusterOptions = {}): GatewayTls | undefined {
    const tls = cluster.tls;
    if (!tls) return undefined;
    if (tls.kind === 'cname') {
      if (options.keyVault) return new GatewayTls({ kind: 'keyVault', options: options.keyVault }, tls.cname);
      const problems: string[] = [];
      const part = (inline: string | undefined, file: string | undefined, prop: string, v1: string, marker: RegExp, what: string): string => {
        if (inline !== undefined) return inline;
        if (file === undefined) {
          problems.push(`tls.certificate: the cluster configuration holds no ${what} (AksCluster.config leaves an inline ${prop} out): give it with GatewayTls.fromPem, or the file with ${prop}PemFile (v1: ${v1}).`);
          return '';
        }
        const read = GatewayTls.readPem(`tls.certificate ${prop}PemFile (v1: ${v1})`, file, marker, what);
        problems.push(...read.problems);
        return read.text;
      };
      const cert = part(tls.cert, tls.certPemFile, 'sslCert', 'ssl_cert_pem_file', /-----BEGIN CERTIFICATE-----/, 'certificate');
      const key = part(tls.key, tls.keyPemFile, 'sslKey', 'ssl_key_pem_file', /-----BEGIN [A-Z ]*PRIVATE KEY-----/, 'private key');
      const allow = options.allowKeyMaterialInManifests !== undefined ? { allowKeyMaterialInManifests: options.allowKeyMaterialInManifests } : {};
      return new GatewayTls({ kind: 'pem', options: { cert, key, ...allow }, problems }, tls.cname);
    }
    return new GatewayTls({
      kind: 'leafDomainLabel',
      options: {
        leafDomainLabel: tls.leafDomainLabel,
        location: cluster.location as string,
        issuer: options.issuer as GatewayTlsLeafDomainOptions['issuer'],
        overwriteExistingDomain: tls.overwriteExistingDomain,
      },
    }, undefined);
  }

  private static readPem(prop: string, file: string, marker: RegExp, what: string): { text: string; problems: string[] } {
    try {
      const text = readFileSync(file, 'utf8');
      return { text, problems: marker.test(text) ? [] : [`${prop} ${JSON.stringify(file)} must be a PEM ${what} file.`] };
    } catch (e) {
      return { text: '', problems: [`${prop} ${JSON.stringify(file)} must be a readable file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`] };
    }
  }

  /** True for a GatewayTls (also across copies of the package). */
  public static isGatewayTls(v: unknown): v is GatewayTls {
    return typeof v === 'object' && v !== null && (v as Record<symbol, unknown>)[BRAND] === true;
  }

  private constructor(
    /** @internal */
    public readonly source: Source,
    /** The host name v1 served (the CNAME), when it came from the cluster. */
    public readonly cname: string | undefined,
  ) {
    Object.defineProperty(this, BRAND, { value: true });
  }

  /** What the certificate is: `secret`, `keyVault`, `pem` or `leafDomainLabel`. */
  public get kind(): Source['kind'] {
    return this.source.kind;
  }

  /**
   * This certificate with its PEM values replaced (the Pulumi engine puts secret
   * placeholders in their place). Other kinds are returned as they are.
   */
  public withPemValues(cert: string, key: string): GatewayTls {
    if (this.source.kind !== 'pem') return this;
    return new GatewayTls({ ...this.source, options: { ...this.source.options, cert, key } }, this.cname);
  }
}

/** What a certificate resolves to for one gateway. */
export interface ResolvedGatewayCertificate {
  readonly kind: Source['kind'];
  /** The `kubernetes.io/tls` Secret the HTTPS listener references. */
  readonly secretName: string;
  readonly secretNamespace: string;
  /** The host name the certificate is for, when it knows one (CNAME, leaf FQDN). */
  readonly hostname?: string;
  /** Annotations for the load balancer Service (the Azure DNS label). */
  readonly serviceAnnotations: Readonly<Record<string, string>>;
  /** The HTTP listener the certificate needs (HTTP-01 is answered on port 80). */
  readonly needsHttpListener: boolean;
  /** Labels of routes the certificate's issuer creates, which must bypass the Gateway's default deny. */
  readonly openRouteLabels?: Readonly<Record<string, string>>;
  /** The objects to emit, in the gateway's namespace (ClusterIssuer: cluster-scoped). */
  readonly objects: KubeObject[];
}

/** The leaf domain label's name: `<label>.<region>.cloudapp.azure.com`. */
export function azureDnsLabelFqdn(label: string, region: string): string {
  return `${label}.${region.toLowerCase()}.cloudapp.azure.com`;
}

/**
 * Checks a certificate source for a gateway and returns what it resolves to
 * (problems go to `c`, prefixed `tls.certificate`). `keyMaterialIsSecret`: the
 * engine keeps Secret values as secrets (Pulumi), so PEM is allowed.
 */
export function resolveGatewayCertificate(
  c: ProblemCollector,
  warnings: ConfigurationWarning[],
  certificate: GatewayTls,
  gateway: { readonly name: string; readonly namespace: string; readonly labels: Readonly<Record<string, string>>; readonly keyMaterialIsSecret: boolean },
): ResolvedGatewayCertificate | undefined {
  const before = c.problems.length;
  const tc = c.child('tls.certificate');
  const s = certificate.source;
  const defaultSecret = `${gateway.name}-tls`;
  const meta = (name: string) => ({ name, namespace: gateway.namespace, labels: { ...gateway.labels } });
  const checkName = (prop: string, v: unknown) => {
    if (v !== undefined && (typeof v !== 'string' || v.length > 253 || !OBJECT_NAME.test(v))) tc.add(prop, v, 'must be a Kubernetes object name (lowercase letters, digits, "-" and ".")');
  };
  const hostname = certificate.cname?.toLowerCase();
  switch (s.kind) {
    case 'secret': {
      checkName('secretName', s.name);
      if (s.name === undefined) tc.add('secretName', s.name, 'is required');
      if (c.problems.length > before) return undefined;
      return { kind: s.kind, secretName: s.name, secretNamespace: s.namespace ?? gateway.namespace, serviceAnnotations: {}, needsHttpListener: false, objects: [] };
    }
    case 'keyVault': {
      const o = isPlainObject(s.options) ? s.options : ({} as GatewayTlsKeyVaultOptions);
      if (!isPlainObject(o.secretStore) || typeof o.secretStore.name !== 'string' || !OBJECT_NAME.test(o.secretStore.name)) {
        tc.add('secretStore', o.secretStore, 'must be { name, kind? } of a SecretStore or ClusterSecretStore backed by Azure Key Vault');
      } else if (o.secretStore.kind !== undefined && o.secretStore.kind !== 'SecretStore' && o.secretStore.kind !== 'ClusterSecretStore') {
        tc.add('secretStore.kind', o.secretStore.kind, 'must be "SecretStore" or "ClusterSecretStore"');
      }
      if (typeof o.certificateName !== 'string' || !KV_NAME.test(o.certificateName)) {
        tc.add('certificateName', o.certificateName, 'must be a Key Vault certificate name: 1 to 127 letters, digits and "-"');
      }
      if (o.contentType !== undefined && o.contentType !== 'pem' && o.contentType !== 'pkcs12') tc.add('contentType', o.contentType, 'must be "pem" or "pkcs12"');
      if (o.refreshInterval !== undefined && (typeof o.refreshInterval !== 'string' || !/^(\d+(ms|s|m|h))+$/.test(o.refreshInterval))) {
        tc.add('refreshInterval', o.refreshInterval, 'must be a duration such as "1h" or "30m"');
      }
      checkName('secretName', o.secretName);
      if (c.problems.length > before) return undefined;
      const secretName = o.secretName ?? defaultSecret;
      if (o.secretStore.kind === 'ClusterSecretStore') {
        warnings.push(clusterSecretStoreWarning('tls.certificate.secretStore.kind', 'aks-ml:gateway:clusterSecretStore', "the gateway's private key", "the gateway's"));
      }
      const pkcs12 = o.contentType === 'pkcs12';
      // The Azure Key Vault provider of External Secrets reads `secret/<name>`: for a
      // certificate, its backing secret with the chain and the private key.
      const template = pkcs12
        ? { 'tls.crt': '{{ .bundle | pkcs12cert }}', 'tls.key': '{{ .bundle | pkcs12key }}' }
        : { 'tls.crt': '{{ .bundle | filterPEM "CERTIFICATE" }}', 'tls.key': '{{ .bundle | filterPEM "PRIVATE KEY" }}' };
      const externalSecret: KubeObject = {
        apiVersion: ESO_API_VERSION,
        kind: 'ExternalSecret',
        metadata: meta(secretName),
        spec: {
          refreshInterval: o.refreshInterval ?? '1h',
          secretStoreRef: { name: o.secretStore.name, kind: o.secretStore.kind ?? DEFAULT_SECRET_STORE_KIND },
          target: {
            name: secretName,
            creationPolicy: 'Owner',
            template: { type: 'kubernetes.io/tls', engineVersion: 'v2', data: template },
          },
          data: [{ secretKey: 'bundle', remoteRef: { key: `secret/${o.certificateName}`, ...(pkcs12 ? { decodingStrategy: 'Base64' } : {}) } }],
        },
      };
      return { kind: s.kind, secretName, secretNamespace: gateway.namespace, ...(hostname ? { hostname } : {}), serviceAnnotations: {}, needsHttpListener: false, objects: [externalSecret] };
    }
    case 'pem': {
      const o = s.options;
      for (const p of s.problems) tc.addRaw(p);
      if (typeof o.cert !== 'string' || (s.problems.length === 0 && !/-----BEGIN CERTIFICATE-----/.test(o.cert) && !o.cert.startsWith('aksml-pulumi-input'))) {
        tc.add('cert', typeof o.cert === 'string' ? `${o.cert.slice(0, 20)}...` : o.cert, 'must be a PEM certificate ("-----BEGIN CERTIFICATE-----")');
      }
      if (typeof o.key !== 'string' || (s.problems.length === 0 && !/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(o.key) && !o.key.startsWith('aksml-pulumi-input'))) {
        tc.add('key', '(hidden)', 'must be a PEM private key ("-----BEGIN ... PRIVATE KEY-----")');
      }
      checkName('secretName', o.secretName);
      if (!gateway.keyMaterialIsSecret && o.allowKeyMaterialInManifests !== true) {
        tc.addRaw(
          'tls.certificate: a PEM certificate and key would be written into the manifests (a kubernetes.io/tls Secret in the YAML): ' +
            'put the certificate in Key Vault and use GatewayTls.fromKeyVault (External Secrets syncs it), create the Secret yourself and use GatewayTls.fromSecret, ' +
            'or set allowKeyMaterialInManifests: true.',
        );
      }
      if (c.problems.length > before) return undefined;
      const secretName = o.secretName ?? defaultSecret;
      const secret: KubeObject = {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: meta(secretName),
        type: 'kubernetes.io/tls',
        stringData: { 'tls.crt': o.cert, 'tls.key': o.key },
      };
      if (!gateway.keyMaterialIsSecret) {
        warnings.push({ id: 'aks-ml:gateway:keyMaterialInManifests', prop: 'tls.certificate', message: `the private key is written into the manifests (Secret ${gateway.namespace}/${secretName}): keep them out of Git, or use GatewayTls.fromKeyVault.` });
      }
      return { kind: s.kind, secretName, secretNamespace: gateway.namespace, ...(hostname ? { hostname } : {}), serviceAnnotations: {}, needsHttpListener: false, objects: [secret] };
    }
    case 'leafDomainLabel': {
      const o = isPlainObject(s.options) ? s.options : ({} as GatewayTlsLeafDomainOptions);
      if (typeof o.leafDomainLabel !== 'string' || !DNS_LABEL.test(o.leafDomainLabel)) {
        tc.add('leafDomainLabel (v1: leaf_domain_label)', o.leafDomainLabel, 'must be an Azure DNS label: 3 to 63 lowercase letters, digits and "-", starting with a letter and ending with a letter or digit');
      }
      if (typeof o.location !== 'string' || !REGION.test(o.location.toLowerCase())) {
        tc.add('location', o.location, 'is required: the cluster\'s Azure region (e.g. "westeurope"), which the DNS name <label>.<region>.cloudapp.azure.com contains');
      }
      const issuer = o.issuer as Record<string, unknown> | undefined;
      let issuerRef: { name: string; kind: string; group: string } | undefined;
      let clusterIssuer: KubeObject | undefined;
      if (!isPlainObject(issuer) || (issuer.acme === undefined) === (issuer.existing === undefined)) {
        tc.add('issuer', issuer, 'is required: { acme: { email, server?, name? } } for a ClusterIssuer solving HTTP-01 through the Gateway, or { existing: { name, kind? } }');
      } else if (issuer.acme !== undefined) {
        const a = issuer.acme as Record<string, unknown>;
        if (!isPlainObject(a) || typeof a.email !== 'string' || !EMAIL.test(a.email)) tc.add('issuer.acme.email', isPlainObject(a) ? a.email : a, 'must be an e-mail address (the ACME account)');
        if (isPlainObject(a) && a.server !== undefined && (typeof a.server !== 'string' || !/^https:\/\/\S+$/.test(a.server))) tc.add('issuer.acme.server', a.server, 'must be an https:// ACME directory URL');
        if (isPlainObject(a)) checkName('issuer.acme.name', a.name);
        if (c.problems.length === before) {
          const name = (a.name as string | undefined) ?? `${gateway.name}-acme`;
          issuerRef = { name, kind: 'ClusterIssuer', group: 'cert-manager.io' };
          clusterIssuer = {
            apiVersion: CERT_MANAGER_API_VERSION,
            kind: 'ClusterIssuer',
            metadata: { name, labels: { ...gateway.labels } },
            spec: {
              acme: {
                server: (a.server as string | undefined) ?? LETS_ENCRYPT_PRODUCTION,
                email: a.email as string,
                privateKeySecretRef: { name: `${name}-account-key` },
                solvers: [{
                  http01: {
                    gatewayHTTPRoute: {
                      parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: gateway.name, namespace: gateway.namespace, sectionName: 'http' }],
                      // The gateway opens the routes with this label to the challenge (its default deny would answer 403).
                      labels: { [ACME_SOLVER_ROUTE_LABEL]: gateway.name },
                    },
                  },
                }],
              },
            },
          };
        }
      } else {
        const e = issuer.existing as Record<string, unknown>;
        if (!isPlainObject(e) || typeof e.name !== 'string' || !OBJECT_NAME.test(e.name)) tc.add('issuer.existing.name', isPlainObject(e) ? e.name : e, 'must be the name of a cert-manager Issuer or ClusterIssuer');
        else if (e.kind !== undefined && e.kind !== 'Issuer' && e.kind !== 'ClusterIssuer') tc.add('issuer.existing.kind', e.kind, 'must be "Issuer" or "ClusterIssuer"');
        else issuerRef = { name: e.name, kind: (e.kind as string | undefined) ?? 'ClusterIssuer', group: 'cert-manager.io' };
      }
      checkName('secretName', o.secretName);
      if (c.problems.length > before) return undefined;
      const fqdn = azureDnsLabelFqdn(o.leafDomainLabel, o.location);
      if (!HOSTNAME.test(fqdn)) {
        tc.add('leafDomainLabel', o.leafDomainLabel, `gives ${fqdn}, which is not a DNS name`);
        return undefined;
      }
      if (o.overwriteExistingDomain === true) {
        warnings.push({
          id: 'aks-ml:gateway:overwriteExistingDomainNotApplied',
          prop: 'tls.certificate',
          message:
            `overwriteExistingDomain (v1: overwrite_existing_domain) cannot take effect: the Azure cloud provider cannot give the load balancer's public IP the label "${o.leafDomainLabel}" ` +
            `while another public IP of ${o.location} holds it (Azure DNS labels are unique per region). Free the label first (remove it from the other public IP).`,
        });
      }
      const secretName = o.secretName ?? defaultSecret;
      const cert: KubeObject = {
        apiVersion: CERT_MANAGER_API_VERSION,
        kind: 'Certificate',
        metadata: meta(secretName),
        spec: {
          secretName,
          dnsNames: [fqdn],
          issuerRef: issuerRef as { name: string; kind: string; group: string },
          privateKey: { algorithm: 'ECDSA', size: 256, rotationPolicy: 'Always' },
        },
      };
      return {
        kind: s.kind,
        secretName,
        secretNamespace: gateway.namespace,
        hostname: fqdn,
        serviceAnnotations: { [AZURE_DNS_LABEL_ANNOTATION]: o.leafDomainLabel },
        needsHttpListener: clusterIssuer !== undefined,
        ...(clusterIssuer ? { openRouteLabels: { [ACME_SOLVER_ROUTE_LABEL]: gateway.name } } : {}),
        objects: clusterIssuer ? [clusterIssuer, cert] : [cert],
      };
    }
    default:
      tc.add('', certificate, 'must be made with GatewayTls.fromSecret, fromKeyVault, fromPem, fromPemFiles, fromLeafDomainLabel or fromV1Cluster');
      return undefined;
  }
}
