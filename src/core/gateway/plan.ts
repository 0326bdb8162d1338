/**
 * The Gateway that publishes scoring services and endpoints: an HTTPS listener
 * terminating TLS with a certificate Secret, TLS versions set through the gateway
 * implementation's client policy (v1 accepted TLS 1.2 only), and an optional HTTP
 * listener (redirect to HTTPS, or plain serving for development).
 */
import { ConfigurationWarning, ProblemCollector } from '../errors';
import {
  DEFAULT_GATEWAY_NAME,
  DEFAULT_GATEWAY_NAMESPACE,
  GatewayRef,
  HTTPS_LISTENER_NAME,
  HTTP_LISTENER_NAME,
  isPreciseHostname,
} from './gateway-ref';
import { EnvoyGateway } from './envoy-gateway';
import { GatewayImplementation, TlsVersion, isGatewayImplementation } from './implementation';
import { KubeObject } from '../kube';
import { GATEWAY_ROUTES_LABEL, GATEWAY_ROUTES_NAMESPACE_LABELS } from './namespaces';
import { checkBoolean, checkNamespace, checkStringMap, isPlainObject } from '../validation';
import { MANAGED_BY } from '../metadata';
import { GATEWAY_API_VERSION } from './routing';
import { PodSecurityProps, checkKubernetesVersion, podSecurityLabels, podSecurityVersionOf } from '../pod-security';
import { GatewayTls, ResolvedGatewayCertificate, resolveGatewayCertificate } from './tls';

/** The default GatewayClass name (created with Envoy Gateway's controller name unless told not to). */
export const DEFAULT_GATEWAY_CLASS_NAME = 'envoy-gateway';

export interface GatewayTlsProps {
  /**
   * The `kubernetes.io/tls` Secret with the certificate and key (e.g. issued by
   * cert-manager). Or give `certificate`.
   * @default - the Secret of `certificate`
   */
  readonly certificateSecretName?: string;
  /**
   * Where the certificate comes from: an existing Secret, Key Vault through External
   * Secrets, PEM, or a leaf domain label with an ACME certificate; the v1 cluster TLS
   * with `GatewayTls.fromV1Cluster(cluster.config, ...)`. Excludes certificateSecretName.
   * @default - certificateSecretName
   */
  readonly certificate?: GatewayTls;
  /**
   * The Secret's namespace; a ReferenceGrant is created there when it is not the
   * Gateway's.
   * @default - the Gateway's namespace
   */
  readonly certificateSecretNamespace?: string;
  /**
   * The lowest TLS version clients may use. v1 accepted TLS 1.2 only.
   * @default '1.2'
   */
  readonly minVersion?: TlsVersion;
  /**
   * The highest TLS version clients may use. '1.2' reproduces v1 exactly; TLS 1.3 is
   * safer and every client that speaks 1.2 still connects.
   * @default '1.3'
   */
  readonly maxVersion?: TlsVersion;
}

/**
 * The HTTP listener (port 80): none; `redirect`, which answers every request with a
 * 301 to HTTPS; or `serve`, which publishes routes over plain HTTP (development only:
 * keys and tokens travel in clear text).
 */
export type HttpListenerMode = 'none' | 'redirect' | 'serve';

/** Which namespaces may attach routes to the Gateway. */
export type AllowedRouteNamespaces = 'All' | 'Same' | { readonly namespaceLabels: Record<string, string> };

export interface AksMlGatewayProps extends PodSecurityProps {
  /** @default 'aks-ml' */
  readonly name?: string;
  /** @default 'aks-ml-gateway' */
  readonly namespace?: string;
  /**
   * Create the Namespace (labelled to enforce the Pod Security Standards "restricted"
   * profile). Turn off to manage the namespace yourself.
   * @default true
   */
  readonly createNamespace?: boolean;
  /**
   * The GatewayClass of the Gateway.
   * @default 'envoy-gateway'
   */
  readonly gatewayClassName?: string;
  /**
   * Create the GatewayClass (cluster-scoped, with the implementation's controller
   * name). Turn off when the class exists already (e.g. installed with the controller).
   * @default true
   */
  readonly createGatewayClass?: boolean;
  /**
   * The host name the listeners accept (may be a wildcard such as `*.ml.example.com`).
   * A precise name also becomes the hostname of the gateway reference (`ref`), from
   * which services build their URIs.
   * @default - any host
   */
  readonly hostname?: string;
  /** The HTTPS listener's certificate and TLS versions. Required unless `httpListener` is 'serve'. */
  readonly tls?: GatewayTlsProps;
  /** @default 'none' */
  readonly httpListener?: HttpListenerMode;
  /**
   * Which namespaces may attach routes (services and endpoints live in their own
   * namespaces). Only HTTPRoutes may attach. Gateway API prefers the route with more
   * specific matches, so a namespace that may attach routes can take over a service's
   * host and path (with its clients' keys and payloads): `'All'` lets any namespace do
   * that, and warns.
   * @default { namespaceLabels: { 'aks-ml-constructs.io/gateway-routes': 'true' } } (the
   *   namespaces the library creates carry the label)
   */
  readonly allowedRoutes?: AllowedRouteNamespaces;
  /**
   * Annotations for the infrastructure the implementation creates for the Gateway
   * (Gateway API `spec.infrastructure.annotations`, at most 8). Envoy Gateway puts them
   * on the proxies' Service, Deployment and ServiceAccount; on AKS that Service is the
   * load balancer, so pass `cluster.loadBalancerServiceAnnotations` of an `AksCluster`
   * with `loadBalancerType: InternalLoadBalancer` (v1's internal load balancer:
   * `service.beta.kubernetes.io/azure-load-balancer-internal: "true"` and the subnet).
   * Annotations of an EnvoyProxy `envoyService` take precedence over these.
   * @default - none
   */
  readonly infrastructureAnnotations?: Record<string, string>;
  /** @default new EnvoyGateway() */
  readonly implementation?: GatewayImplementation;
}

export interface ResolvedAksMlGateway {
  /** The Pod Security `enforce-version` of the Namespace the gateway creates (`v1.N`). */
  readonly podSecurityVersion: string;
  readonly name: string;
  readonly namespace: string;
  readonly createNamespace: boolean;
  readonly gatewayClassName: string;
  readonly createGatewayClass: boolean;
  readonly hostname?: string;
  readonly tls?: Required<Omit<GatewayTlsProps, 'certificateSecretNamespace' | 'certificate'>> & { readonly certificateSecretNamespace: string };
  /** What `tls.certificate` resolved to (its Secret, host name, objects and Service annotations). */
  readonly certificate?: ResolvedGatewayCertificate;
  /**
   * The annotations the load balancer Service needs for the TLS settings (the Azure
   * DNS label of a leaf domain label), also part of `infrastructureAnnotations`: the
   * `serviceAnnotations` of an EnvoyProxy, when one is used.
   */
  readonly serviceAnnotations: Readonly<Record<string, string>>;
  readonly httpListener: HttpListenerMode;
  readonly allowedRoutes: AllowedRouteNamespaces;
  readonly infrastructureAnnotations: Readonly<Record<string, string>>;
  readonly implementation: GatewayImplementation;
}

export interface GatewayPlan {
  readonly config: ResolvedAksMlGateway;
  readonly objects: KubeObject[];
  readonly warnings: ConfigurationWarning[];
  /** The reference services and endpoints pass as `gateway`. */
  readonly ref: GatewayRef;
  /** The listener names, in order. */
  readonly listeners: string[];
}

const OBJECT_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const HOSTNAME = /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const TLS_VERSIONS: readonly string[] = ['1.2', '1.3'];

/** The most annotations a Gateway's `spec.infrastructure` holds (Gateway API v1). */
export const MAX_INFRASTRUCTURE_ANNOTATIONS = 8;
const ANNOTATION_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** The Gateway API rules on `spec.infrastructure.annotations`: at most 8, Kubernetes annotation keys, values up to 4096 characters. */
function checkInfrastructureAnnotations(c: ProblemCollector, annotations: Record<string, string>): void {
  const entries = Object.entries(annotations);
  if (entries.length > MAX_INFRASTRUCTURE_ANNOTATIONS) {
    c.add('infrastructureAnnotations', Object.keys(annotations), `must have at most ${MAX_INFRASTRUCTURE_ANNOTATIONS} entries (the Gateway API limit of spec.infrastructure.annotations)`);
  }
  for (const [k, v] of entries) {
    const slash = k.indexOf('/');
    const prefix = slash < 0 ? undefined : k.slice(0, slash);
    const name = slash < 0 ? k : k.slice(slash + 1);
    if ((prefix !== undefined && (prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))) || name.length > 63 || !ANNOTATION_NAME.test(name)) {
      c.add(`infrastructureAnnotations[${JSON.stringify(k)}]`, k,
        'must be an annotation key: an optional DNS subdomain prefix and "/", then at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit');
    }
    if (v.length > 4096) c.add(`infrastructureAnnotations[${JSON.stringify(k)}]`, `${v.slice(0, 20)}...`, 'must be at most 4096 characters');
  }
}

/** Options of {@link resolveGateway} and {@link planGateway}. */
export interface PlanGatewayOptions {
  /**
   * The engine keeps Secret values as secrets (Pulumi), so `GatewayTls.fromPem` may
   * put the key in a Secret object.
   * @default false
   */
  readonly keyMaterialIsSecret?: boolean;
}

/** The labels of the gateway's objects. */
function gatewayLabels(name: string): Record<string, string> {
  return { 'app.kubernetes.io/name': name, 'app.kubernetes.io/component': 'gateway', 'app.kubernetes.io/managed-by': MANAGED_BY };
}

/** Validates the props and applies the defaults. Throws one ConfigurationError listing every problem. */
export function resolveGateway(props: AksMlGatewayProps = {}, options: PlanGatewayOptions = {}): { config: ResolvedAksMlGateway; warnings: ConfigurationWarning[] } {
  const c = new ProblemCollector();
  const warnings: ConfigurationWarning[] = [];
  if (!isPlainObject(props)) {
    c.add('props', props, 'must be an object');
    c.throwIfAny('the gateway');
  }
  const p = props as Record<string, unknown>;
  for (const k of ['name', 'gatewayClassName'] as const) {
    if (p[k] !== undefined && (typeof p[k] !== 'string' || (p[k] as string).length > 63 || !OBJECT_NAME.test(p[k] as string))) {
      c.add(k, p[k], 'must be a DNS label: at most 63 lowercase letters, digits and "-"');
    }
  }
  checkNamespace(c, 'namespace', p.namespace);
  checkBoolean(c, 'createNamespace', p.createNamespace);
  checkBoolean(c, 'createGatewayClass', p.createGatewayClass);
  checkKubernetesVersion(c, 'kubernetesVersion', p.kubernetesVersion);
  if (p.hostname !== undefined && (typeof p.hostname !== 'string' || p.hostname.length > 253 || !HOSTNAME.test(p.hostname))) {
    c.add('hostname', p.hostname, 'must be a DNS name in lowercase, optionally starting with "*." (e.g. "ml.example.com" or "*.ml.example.com")');
  }
  const certificateProp = isPlainObject(p.tls) ? (p.tls as Record<string, unknown>).certificate : undefined;
  let certificate: ResolvedGatewayCertificate | undefined;
  if (certificateProp !== undefined) {
    if (!GatewayTls.isGatewayTls(certificateProp)) {
      c.add('tls.certificate', certificateProp, 'must be a GatewayTls (GatewayTls.fromSecret, fromKeyVault, fromPem, fromPemFiles, fromLeafDomainLabel or fromV1Cluster)');
    } else {
      const gwName = typeof p.name === 'string' ? p.name : DEFAULT_GATEWAY_NAME;
      const gwNamespace = typeof p.namespace === 'string' ? p.namespace : DEFAULT_GATEWAY_NAMESPACE;
      certificate = resolveGatewayCertificate(c, warnings, certificateProp, {
        name: gwName, namespace: gwNamespace, labels: gatewayLabels(gwName), keyMaterialIsSecret: options.keyMaterialIsSecret === true,
      });
    }
  }
  const mode = p.httpListener ?? (certificate?.needsHttpListener ? 'redirect' : 'none');
  if (certificate?.needsHttpListener && p.httpListener === 'none') {
    c.add('httpListener', p.httpListener, 'must be "redirect" or "serve" with a leaf domain label and an ACME issuer: the HTTP-01 challenge is answered on port 80 through the Gateway (remove httpListener for "redirect")');
  }
  if (certificate && isPlainObject(p.infrastructureAnnotations) &&
    Object.keys({ ...(p.infrastructureAnnotations as Record<string, string>), ...certificate.serviceAnnotations }).length > MAX_INFRASTRUCTURE_ANNOTATIONS) {
    c.add('infrastructureAnnotations', Object.keys(p.infrastructureAnnotations as object),
      `must leave room for the certificate's ${Object.keys(certificate.serviceAnnotations).join(', ')}: at most ${MAX_INFRASTRUCTURE_ANNOTATIONS} in all (the Gateway API limit of spec.infrastructure.annotations)`);
  }
  if (certificate && Object.keys(certificate.serviceAnnotations).length > 0 && isPlainObject(p.infrastructureAnnotations) &&
    (p.infrastructureAnnotations as Record<string, unknown>)['service.beta.kubernetes.io/azure-load-balancer-internal'] === 'true') {
    c.add('tls.certificate', 'leafDomainLabel', 'needs a public load balancer: an Azure DNS label (service.beta.kubernetes.io/azure-dns-label-name) names a public IP, and the Gateway\'s load balancer is internal; use your own certificate and DNS instead');
  }
  if (mode !== 'none' && mode !== 'redirect' && mode !== 'serve') {
    c.add('httpListener', p.httpListener, 'must be "none", "redirect" or "serve"');
  }
  if (p.tls === undefined) {
    if (mode !== 'serve') {
      c.add('tls', p.tls, 'is required: the gateway serves HTTPS (give { certificateSecretName }); for a plain-HTTP development gateway set httpListener: "serve"');
    }
  } else if (!isPlainObject(p.tls)) {
    c.add('tls', p.tls, 'must be { certificateSecretName, certificateSecretNamespace?, minVersion?, maxVersion? }');
  } else {
    const t = p.tls as Record<string, unknown>;
    const tc = c.child('tls');
    if (t.certificate !== undefined) {
      if (t.certificateSecretName !== undefined || t.certificateSecretNamespace !== undefined) {
        tc.add('certificateSecretName', t.certificateSecretName ?? t.certificateSecretNamespace, 'must not be set with certificate (the certificate names its Secret): remove one');
      }
    } else if (typeof t.certificateSecretName !== 'string' || t.certificateSecretName.length > 253 || !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(t.certificateSecretName)) {
      tc.add('certificateSecretName', t.certificateSecretName, 'must be the name of a kubernetes.io/tls Secret (or give certificate)');
    }
    checkNamespace(tc, 'certificateSecretNamespace', t.certificateSecretNamespace);
    for (const k of ['minVersion', 'maxVersion'] as const) {
      if (t[k] !== undefined && !TLS_VERSIONS.includes(t[k] as string)) {
        tc.add(k, t[k], 'must be "1.2" or "1.3" (older TLS versions are not accepted)');
      }
    }
    if (t.minVersion === '1.3' && t.maxVersion === '1.2') {
      tc.add('minVersion', t.minVersion, 'must not be above maxVersion ("1.2")');
    }
  }
  const allowed = p.allowedRoutes;
  if (allowed !== undefined && allowed !== 'All' && allowed !== 'Same') {
    if (!isPlainObject(allowed) || !checkStringMap(c.child('allowedRoutes'), 'namespaceLabels', (allowed as Record<string, unknown>).namespaceLabels) ||
      Object.keys(((allowed as Record<string, unknown>).namespaceLabels ?? {}) as object).length === 0) {
      c.add('allowedRoutes', allowed, 'must be "All", "Same" or { namespaceLabels: { <label>: <value> } }');
    }
  }
  if (checkStringMap(c, 'infrastructureAnnotations', p.infrastructureAnnotations) && p.infrastructureAnnotations !== undefined) {
    checkInfrastructureAnnotations(c, p.infrastructureAnnotations as Record<string, string>);
  }
  if (p.implementation !== undefined && !isGatewayImplementation(p.implementation)) {
    c.add('implementation', p.implementation, 'must implement GatewayImplementation (e.g. new EnvoyGateway())');
  }
  const subject = typeof p.name === 'string' ? `gateway "${p.name}"` : 'the gateway';
  c.throwIfAny(subject);

  if (props.allowedRoutes === 'All') {
    warnings.push({
      id: 'aks-ml:gateway:routesFromAllNamespaces',
      prop: 'allowedRoutes',
      message:
        'is "All": a route in any namespace can attach to the Gateway, and a route with more specific matches for the same ' +
        'host and path takes over a service\'s traffic, with its clients\' keys, tokens and payloads. Prefer the default ' +
        `(namespaces labelled ${GATEWAY_ROUTES_LABEL}=true) or { namespaceLabels }.`,
    });
  }
  if (mode === 'serve') {
    warnings.push({
      id: 'aks-ml:gateway:plainHttpServing',
      prop: 'httpListener',
      message: 'is "serve": routes are published over plain HTTP, where keys and tokens travel in clear text. Use it for development only.',
    });
  }
  const namespace = props.namespace ?? DEFAULT_GATEWAY_NAMESPACE;
  const hostname = props.hostname ?? certificate?.hostname;
  if (certificate?.hostname && props.hostname !== undefined && !hostnameCovers(props.hostname, certificate.hostname)) {
    warnings.push({ id: 'aks-ml:gateway:hostnameNotCertificate', prop: 'hostname', message: `"${props.hostname}" is not the name the certificate is for (${certificate.hostname}): clients of ${props.hostname} get a certificate for another name.` });
  }
  const serviceAnnotations = { ...(certificate?.serviceAnnotations ?? {}) };
  const config: ResolvedAksMlGateway = {
    podSecurityVersion: podSecurityVersionOf(props.kubernetesVersion),
    name: props.name ?? DEFAULT_GATEWAY_NAME,
    namespace,
    createNamespace: props.createNamespace ?? true,
    gatewayClassName: props.gatewayClassName ?? DEFAULT_GATEWAY_CLASS_NAME,
    createGatewayClass: props.createGatewayClass ?? true,
    ...(hostname !== undefined ? { hostname } : {}),
    ...(props.tls
      ? {
        tls: {
          certificateSecretName: certificate?.secretName ?? (props.tls.certificateSecretName as string),
          certificateSecretNamespace: certificate?.secretNamespace ?? props.tls.certificateSecretNamespace ?? namespace,
          minVersion: props.tls.minVersion ?? '1.2',
          maxVersion: props.tls.maxVersion ?? '1.3',
        },
      }
      : {}),
    httpListener: mode as HttpListenerMode,
    allowedRoutes: props.allowedRoutes ?? { namespaceLabels: { ...GATEWAY_ROUTES_NAMESPACE_LABELS } },
    infrastructureAnnotations: { ...(props.infrastructureAnnotations ?? {}), ...serviceAnnotations },
    ...(certificate ? { certificate } : {}),
    serviceAnnotations,
    implementation: props.implementation ?? new EnvoyGateway(),
  };
  return { config, warnings };
}

/** True when `pattern` (a host name, possibly `*.` wildcard) matches `host`. */
function hostnameCovers(pattern: string, host: string): boolean {
  if (pattern === host) return true;
  return pattern.startsWith('*.') && host.endsWith(pattern.slice(1)) && !host.slice(0, host.length - pattern.length + 1).includes('.');
}

function allowedRoutesSpec(a: AllowedRouteNamespaces): Record<string, unknown> {
  const namespaces =
    a === 'All' ? { from: 'All' } : a === 'Same' ? { from: 'Same' } : { from: 'Selector', selector: { matchLabels: { ...a.namespaceLabels } } };
  return { namespaces, kinds: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute' }] };
}

/**
 * Validates the props (one ConfigurationError with every problem) and returns the
 * objects of the gateway and the reference to hand to services. Pure.
 */
export function planGateway(props: AksMlGatewayProps = {}, options: PlanGatewayOptions = {}): GatewayPlan {
  const { config, warnings } = resolveGateway(props, options);
  const objects: KubeObject[] = [];
  const labels = gatewayLabels(config.name);
  if (config.createNamespace) {
    // The namespace holds the Gateway, its routes and policies (and, in Envoy Gateway's
    // Gateway Namespace Mode, the proxies): it enforces the restricted pod profile like
    // the scoring namespaces. Manage it yourself (createNamespace: false) to choose otherwise.
    objects.push({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: config.namespace,
        labels: {
          'app.kubernetes.io/managed-by': MANAGED_BY,
          ...GATEWAY_ROUTES_NAMESPACE_LABELS,
          ...podSecurityLabels(config.podSecurityVersion),
        },
      },
    });
  }
  if (config.createGatewayClass) {
    objects.push({
      apiVersion: GATEWAY_API_VERSION,
      kind: 'GatewayClass',
      metadata: { name: config.gatewayClassName, labels: { 'app.kubernetes.io/managed-by': MANAGED_BY } },
      spec: { controllerName: config.implementation.controllerName },
    });
  }

  const listeners: Record<string, unknown>[] = [];
  const host = config.hostname ? { hostname: config.hostname } : {};
  if (config.tls) {
    const t = config.tls;
    listeners.push({
      name: HTTPS_LISTENER_NAME,
      protocol: 'HTTPS',
      port: 443,
      ...host,
      tls: {
        mode: 'Terminate',
        certificateRefs: [
          {
            group: '',
            kind: 'Secret',
            name: t.certificateSecretName,
            ...(t.certificateSecretNamespace !== config.namespace ? { namespace: t.certificateSecretNamespace } : {}),
          },
        ],
      },
      allowedRoutes: allowedRoutesSpec(config.allowedRoutes),
    });
  }
  if (config.httpListener !== 'none') {
    listeners.push({
      name: HTTP_LISTENER_NAME,
      protocol: 'HTTP',
      port: 80,
      ...host,
      // Redirect: only the gateway's own redirect route may attach.
      allowedRoutes: allowedRoutesSpec(config.httpListener === 'redirect' ? 'Same' : config.allowedRoutes),
    });
  }
  // The proxies' configuration (Envoy Gateway: the EnvoyProxy with one worker per proxy).
  const infrastructure = config.implementation.gatewayInfrastructure?.({
    gateway: { name: config.name, namespace: config.namespace },
    labels,
    // The certificate's Service annotations (the Azure DNS label of a leaf domain label):
    // on the EnvoyProxy's envoyService too, which takes precedence over the Gateway's.
    ...(Object.keys(config.serviceAnnotations).length > 0 ? { serviceAnnotations: config.serviceAnnotations } : {}),
  });
  objects.push(...(infrastructure?.objects ?? []));
  warnings.push(...(infrastructure?.warnings ?? []));
  const redirectRoute = `${config.name}-https-redirect`;
  // The policies come before what they guard: the default-deny policy before the Gateway,
  // the redirect route's open policy before the route (apply order, Pulumi dependsOn).
  objects.push(
    ...config.implementation.gatewayPolicies({
      gateway: { name: config.name, namespace: config.namespace },
      labels,
      tlsListeners: config.tls ? [HTTPS_LISTENER_NAME] : [],
      ...(config.tls ? { tls: { minVersion: config.tls.minVersion, maxVersion: config.tls.maxVersion } } : {}),
      ...(config.httpListener === 'redirect' ? { openRoutes: [redirectRoute] } : {}),
      ...(config.certificate?.openRouteLabels ? { openRouteLabels: config.certificate.openRouteLabels } : {}),
    }),
  );
  const infra: Record<string, unknown> = {
    ...(Object.keys(config.infrastructureAnnotations).length > 0 ? { annotations: { ...config.infrastructureAnnotations } } : {}),
    ...(infrastructure?.parametersRef ? { parametersRef: { ...infrastructure.parametersRef } } : {}),
  };
  objects.push({
    apiVersion: GATEWAY_API_VERSION,
    kind: 'Gateway',
    metadata: { name: config.name, namespace: config.namespace, labels },
    spec: {
      gatewayClassName: config.gatewayClassName,
      listeners,
      ...(Object.keys(infra).length > 0 ? { infrastructure: infra } : {}),
    },
  });

  // The certificate's objects (ExternalSecret, Secret, or ClusterIssuer and Certificate).
  if (config.certificate) objects.push(...config.certificate.objects);

  if (config.tls && config.tls.certificateSecretNamespace !== config.namespace) {
    objects.push({
      apiVersion: 'gateway.networking.k8s.io/v1beta1',
      kind: 'ReferenceGrant',
      metadata: { name: `${config.name}-certificate`, namespace: config.tls.certificateSecretNamespace, labels },
      spec: {
        from: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', namespace: config.namespace }],
        to: [{ group: '', kind: 'Secret', name: config.tls.certificateSecretName }],
      },
    });
  }

  if (config.httpListener === 'redirect') {
    objects.push({
      apiVersion: GATEWAY_API_VERSION,
      kind: 'HTTPRoute',
      metadata: { name: redirectRoute, namespace: config.namespace, labels },
      spec: {
        parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: config.name, sectionName: HTTP_LISTENER_NAME }],
        rules: [{ filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } }] }],
      },
    });
  }

  const ref: GatewayRef = {
    name: config.name,
    namespace: config.namespace,
    sectionName: config.tls ? HTTPS_LISTENER_NAME : HTTP_LISTENER_NAME,
    scheme: config.tls ? 'https' : 'http',
    ...(config.hostname && isPreciseHostname(config.hostname) ? { hostname: config.hostname } : {}),
    implementation: config.implementation,
  };
  return { config, objects, warnings, ref, listeners: listeners.map((l) => l.name as string) };
}
