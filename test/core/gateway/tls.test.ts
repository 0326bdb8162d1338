/**
 * The v1 cluster TLS reaches the gateway (GatewayTls): an existing Secret, Key
 * Vault through External Secrets, PEM (refused in manifests unless allowed), and
 * the leaf domain label as a cert-manager ACME Certificate for the Azure DNS label
 * of the load balancer; every object schema-validated.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { GatewayTls, planGateway, resolveClusterConfig } from 'aks-ml-constructs';
import { validateAll } from '../../support/schema';
import { configurationErrorOf } from '../../support/errors';

const CERT = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const KEY = '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n';
const acme = { acme: { email: 'ops@example.com' } };

describe('GatewayTls.fromLeafDomainLabel: the Azure DNS label and an ACME certificate', () => {
  const plan = planGateway({ tls: { certificate: GatewayTls.fromLeafDomainLabel({ leafDomainLabel: 'fraud-ml', location: 'westeurope', issuer: acme }) } });

  test('the Gateway serves <label>.<region>.cloudapp.azure.com with the Certificate\'s Secret; the load balancer gets the DNS label', () => {
    const gw = plan.objects.find((o) => o.kind === 'Gateway')!;
    const spec = gw.spec as Record<string, any>;
    expect(spec.infrastructure).toMatchObject({ annotations: { 'service.beta.kubernetes.io/azure-dns-label-name': 'fraud-ml' } });
    // And on the EnvoyProxy's Service, which takes precedence over the Gateway's.
    const proxy = plan.objects.find((o) => o.kind === 'EnvoyProxy')!;
    expect((proxy.spec as any).provider.kubernetes.envoyService.annotations).toEqual({ 'service.beta.kubernetes.io/azure-dns-label-name': 'fraud-ml' });
    expect(plan.config.serviceAnnotations).toEqual({ 'service.beta.kubernetes.io/azure-dns-label-name': 'fraud-ml' });
    const https = spec.listeners.find((l: any) => l.name === 'https');
    expect(https).toMatchObject({ hostname: 'fraud-ml.westeurope.cloudapp.azure.com', tls: { certificateRefs: [{ kind: 'Secret', name: 'aks-ml-tls' }] } });
    expect(plan.ref.hostname).toBe('fraud-ml.westeurope.cloudapp.azure.com');
    // HTTP-01 is answered on port 80: the HTTP listener defaults to the redirect.
    expect(plan.listeners).toEqual(['https', 'http']);
    expect(validateAll(plan.objects)).toBe(plan.objects.length);
  });

  test('a ClusterIssuer solving HTTP-01 through the Gateway, and the Certificate', () => {
    const issuer = plan.objects.find((o) => o.kind === 'ClusterIssuer')!;
    expect(issuer.apiVersion).toBe('cert-manager.io/v1');
    expect(issuer.spec).toEqual({
      acme: {
        server: 'https://acme-v02.api.letsencrypt.org/directory',
        email: 'ops@example.com',
        privateKeySecretRef: { name: 'aks-ml-acme-account-key' },
        solvers: [{
          http01: {
            gatewayHTTPRoute: {
              parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'aks-ml', namespace: 'aks-ml-gateway', sectionName: 'http' }],
              labels: { 'aks-ml-constructs.io/acme-solver': 'aks-ml' },
            },
          },
        }],
      },
    });
    // The solver routes (labelled) are open: the Gateway's default deny would answer the challenge with 403.
    const open = plan.objects.find((o) => o.kind === 'SecurityPolicy' && o.metadata.name === 'aks-ml-acme-solver')!;
    expect(open.spec).toEqual({
      targetSelectors: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', matchLabels: { 'aks-ml-constructs.io/acme-solver': 'aks-ml' } }],
      authorization: { defaultAction: 'Allow' },
    });
    expect(plan.objects.findIndex((o) => o === open)).toBeLessThan(plan.objects.findIndex((o) => o.kind === 'ClusterIssuer'));
    const cert = plan.objects.find((o) => o.kind === 'Certificate')!;
    expect(cert.metadata.namespace).toBe('aks-ml-gateway');
    expect(cert.spec).toMatchObject({ secretName: 'aks-ml-tls', dnsNames: ['fraud-ml.westeurope.cloudapp.azure.com'], issuerRef: { name: 'aks-ml-acme', kind: 'ClusterIssuer', group: 'cert-manager.io' } });
  });

  test('an existing issuer: no ClusterIssuer, and no HTTP listener forced', () => {
    const p = planGateway({ tls: { certificate: GatewayTls.fromLeafDomainLabel({ leafDomainLabel: 'fraud-ml', location: 'westeurope', issuer: { existing: { name: 'le-dns01' } } }) } });
    expect(p.objects.map((o) => o.kind)).not.toContain('ClusterIssuer');
    expect(p.objects.map((o) => o.metadata.name)).not.toContain('aks-ml-acme-solver');
    expect(p.listeners).toEqual(['https']);
    expect(validateAll(p.objects)).toBe(p.objects.length);
  });

  test('bad input: one ConfigurationError (label, region, issuer, port 80, internal load balancer)', () => {
    const err = configurationErrorOf(() => planGateway({
      httpListener: 'none',
      infrastructureAnnotations: { 'service.beta.kubernetes.io/azure-load-balancer-internal': 'true' },
      tls: { certificate: GatewayTls.fromLeafDomainLabel({ leafDomainLabel: 'Fraud_ML', location: 'West Europe', issuer: {} as never }) },
    }));
    expect(err.message).toMatch(/leafDomainLabel \(v1: leaf_domain_label\).*Azure DNS label/);
    expect(err.message).toMatch(/location.*region/);
    expect(err.message).toMatch(/issuer.*is required/);
    const err2 = configurationErrorOf(() => planGateway({
      httpListener: 'none',
      infrastructureAnnotations: { 'service.beta.kubernetes.io/azure-load-balancer-internal': 'true' },
      tls: { certificate: GatewayTls.fromLeafDomainLabel({ leafDomainLabel: 'fraud-ml', location: 'westeurope', issuer: acme }) },
    }));
    expect(err2.message).toMatch(/httpListener.*HTTP-01/);
    expect(err2.message).toMatch(/needs a public load balancer/);
  });

  test('the DNS label counts in the 8 infrastructure annotations of the Gateway API', () => {
    const eight = Object.fromEntries([...Array(8).keys()].map((i) => [`example.com/a${i}`, 'x']));
    const err = configurationErrorOf(() => planGateway({ infrastructureAnnotations: eight, tls: { certificate: GatewayTls.fromLeafDomainLabel({ leafDomainLabel: 'fraud-ml', location: 'westeurope', issuer: acme }) } }));
    expect(err.message).toMatch(/infrastructureAnnotations must leave room for the certificate's service.beta.kubernetes.io\/azure-dns-label-name/);
  });

  test('overwriteExistingDomain (v1) cannot take effect: a warning says so', () => {
    const p = planGateway({ tls: { certificate: GatewayTls.fromLeafDomainLabel({ leafDomainLabel: 'fraud-ml', location: 'westeurope', issuer: acme, overwriteExistingDomain: true }) } });
    expect(p.warnings.map((w) => w.id)).toContain('aks-ml:gateway:overwriteExistingDomainNotApplied');
  });
});

describe('GatewayTls: Secret, Key Vault, PEM', () => {
  test('fromSecret: the listener references it; nothing is emitted', () => {
    const p = planGateway({ tls: { certificate: GatewayTls.fromSecret('wildcard', 'certs') } });
    expect(p.objects.map((o) => o.kind)).toEqual(['Namespace', 'GatewayClass', 'EnvoyProxy', 'SecurityPolicy', 'ClientTrafficPolicy', 'Gateway', 'ReferenceGrant']);
    expect(validateAll(p.objects)).toBe(p.objects.length);
  });

  test('fromKeyVault: an ExternalSecret writing a kubernetes.io/tls Secret from the certificate (PEM or PKCS#12)', () => {
    const p = planGateway({ hostname: 'ml.example.com', tls: { certificate: GatewayTls.fromKeyVault({ secretStore: { name: 'kv' }, certificateName: 'ml-example-com' }) } });
    const es = p.objects.find((o) => o.kind === 'ExternalSecret')!;
    expect(es.spec).toMatchObject({
      // The services' Key Vault default: a SecretStore in the gateway's namespace.
      secretStoreRef: { name: 'kv', kind: 'SecretStore' },
      target: { name: 'aks-ml-tls', template: { type: 'kubernetes.io/tls', data: { 'tls.crt': '{{ .bundle | filterPEM "CERTIFICATE" }}', 'tls.key': '{{ .bundle | filterPEM "PRIVATE KEY" }}' } } },
      data: [{ secretKey: 'bundle', remoteRef: { key: 'secret/ml-example-com' } }],
    });
    expect(JSON.stringify(p.objects)).not.toMatch(/PRIVATE KEY-----/);
    expect(validateAll(p.objects)).toBe(p.objects.length);
    const pfx = planGateway({ tls: { certificate: GatewayTls.fromKeyVault({ secretStore: { name: 'kv', kind: 'SecretStore' }, certificateName: 'c', contentType: 'pkcs12' }) } });
    const es2 = pfx.objects.find((o) => o.kind === 'ExternalSecret')!;
    expect((es2.spec as any).data[0].remoteRef).toEqual({ key: 'secret/c', decodingStrategy: 'Base64' });
    expect((es2.spec as any).target.template.data['tls.key']).toBe('{{ .bundle | pkcs12key }}');
    expect(validateAll(pfx.objects)).toBe(pfx.objects.length);
    expect(p.warnings.map((w) => w.id)).not.toContain('aks-ml:gateway:clusterSecretStore');
    expect(pfx.warnings.map((w) => w.id)).not.toContain('aks-ml:gateway:clusterSecretStore');
  });

  test('fromKeyVault with a ClusterSecretStore: accepted, with the warning any namespace could read the private key through it', () => {
    const p = planGateway({ tls: { certificate: GatewayTls.fromKeyVault({ secretStore: { name: 'kv', kind: 'ClusterSecretStore' }, certificateName: 'c' }) } });
    expect((p.objects.find((o) => o.kind === 'ExternalSecret')!.spec as any).secretStoreRef).toEqual({ name: 'kv', kind: 'ClusterSecretStore' });
    const w = p.warnings.filter((x) => x.id === 'aks-ml:gateway:clusterSecretStore');
    expect(w).toEqual([
      {
        id: 'aks-ml:gateway:clusterSecretStore',
        prop: 'tls.certificate.secretStore.kind',
        message: expect.stringMatching(/^is "ClusterSecretStore": an ExternalSecret in any namespace can read the vault through it \(and so the gateway's private key\).*SecretStore in the gateway's namespace/),
      },
    ]);
    expect(validateAll(p.objects)).toBe(p.objects.length);
  });

  test('fromPem: refused in manifests by default; with allowKeyMaterialInManifests a tls Secret and a warning', () => {
    const err = configurationErrorOf(() => planGateway({ tls: { certificate: GatewayTls.fromPem({ cert: CERT, key: KEY }) } }));
    expect(err.message).toMatch(/would be written into the manifests.*GatewayTls.fromKeyVault.*GatewayTls.fromSecret/);
    expect(err.message).not.toMatch(/MIIE/);
    const p = planGateway({ tls: { certificate: GatewayTls.fromPem({ cert: CERT, key: KEY, allowKeyMaterialInManifests: true }) } });
    const secret = p.objects.find((o) => o.kind === 'Secret')!;
    expect(secret).toMatchObject({ type: 'kubernetes.io/tls', stringData: { 'tls.crt': CERT, 'tls.key': KEY } });
    expect(p.warnings.map((w) => w.id)).toContain('aks-ml:gateway:keyMaterialInManifests');
    expect(validateAll(p.objects)).toBe(p.objects.length);
    // The engine that keeps Secret values secret (Pulumi) needs no opt-in.
    expect(planGateway({ tls: { certificate: GatewayTls.fromPem({ cert: CERT, key: KEY }) } }, { keyMaterialIsSecret: true }).warnings).toEqual([]);
  });

  test('certificate and certificateSecretName exclude each other', () => {
    const err = configurationErrorOf(() => planGateway({ tls: { certificateSecretName: 'x', certificate: GatewayTls.fromSecret('y') } }));
    expect(err.message).toMatch(/tls.certificateSecretName must not be set with certificate/);
  });
});

describe('GatewayTls.fromV1Cluster: the v1 cluster TLS', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'gwtls-'));
    writeFileSync(join(dir, 'cert.pem'), CERT);
    writeFileSync(join(dir, 'key.pem'), KEY);
    writeFileSync(join(dir, 'bad.pem'), 'not pem');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('ssl_cname + PEM files: the CNAME is the gateway hostname, the files its Secret (allowed), or Key Vault', () => {
    const { config } = resolveClusterConfig({ name: 'ml', location: 'westeurope', sslCname: 'ml.example.com', sslCertPemFile: join(dir, 'cert.pem'), sslKeyPemFile: join(dir, 'key.pem') });
    const p = planGateway({ tls: { certificate: GatewayTls.fromV1Cluster(config, { allowKeyMaterialInManifests: true }) } });
    expect(p.config.hostname).toBe('ml.example.com');
    expect(p.objects.find((o) => o.kind === 'Secret')!.stringData).toEqual({ 'tls.crt': CERT, 'tls.key': KEY });
    const kv = planGateway({ tls: { certificate: GatewayTls.fromV1Cluster(config, { keyVault: { secretStore: { name: 'kv' }, certificateName: 'ml' } }) } });
    expect(kv.ref.hostname).toBe('ml.example.com');
    expect(kv.objects.map((o) => o.kind)).toContain('ExternalSecret');
    expect(validateAll(kv.objects)).toBe(kv.objects.length);
  });

  test('a PEM file that is not PEM is a problem of the gateway', () => {
    const { config } = resolveClusterConfig({ name: 'ml', sslCname: 'ml.example.com', sslCertPemFile: join(dir, 'bad.pem'), sslKeyPemFile: join(dir, 'key.pem') });
    const err = configurationErrorOf(() => planGateway({ tls: { certificate: GatewayTls.fromV1Cluster(config, { allowKeyMaterialInManifests: true }) } }));
    expect(err.message).toMatch(/sslCertPemFile \(v1: ssl_cert_pem_file\).*must be a PEM certificate file/);
    // A configuration without the key (the Pulumi AksCluster's config leaves an inline sslKey out).
    const redacted = { location: 'westeurope', tls: { kind: 'cname' as const, cname: 'ml.example.com', cert: CERT } };
    const err2 = configurationErrorOf(() => planGateway({ tls: { certificate: GatewayTls.fromV1Cluster(redacted) } }, { keyMaterialIsSecret: true }));
    expect(err2.message).toMatch(/holds no private key.*GatewayTls.fromPem/);
  });

  test('leaf_domain_label + overwrite_existing_domain: the DNS label in the cluster\'s region, the ACME certificate, the warning', () => {
    const { config } = resolveClusterConfig({ name: 'ml', location: 'eastus2', leafDomainLabel: 'fraud', overwriteExistingDomain: true });
    const p = planGateway({ tls: { certificate: GatewayTls.fromV1Cluster(config, { issuer: acme }) } });
    expect(p.ref.hostname).toBe('fraud.eastus2.cloudapp.azure.com');
    expect(p.config.infrastructureAnnotations).toEqual({ 'service.beta.kubernetes.io/azure-dns-label-name': 'fraud' });
    expect(p.warnings.map((w) => w.id)).toContain('aks-ml:gateway:overwriteExistingDomainNotApplied');
    expect(validateAll(p.objects)).toBe(p.objects.length);
    expect(GatewayTls.fromV1Cluster(resolveClusterConfig({ name: 'x' }).config)).toBeUndefined();
  });
});
