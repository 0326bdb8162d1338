/**
 * The NetworkPolicies of the scoring pods.
 *
 * Ingress (`<name>`): the gateway is the only way in. Scoring pods accept connections on
 * the inference port from the gateway's proxy pods only (and, when opted in, from pods of
 * their own namespace labelled as health checkers), so key and token auth cannot be
 * bypassed from inside the cluster. Kubelet probes need no rule: traffic from the node a
 * pod runs on is allowed (Kubernetes NetworkPolicy semantics).
 *
 * Egress (`<name>-egress`, on by default): scoring code handles untrusted input, so the
 * pods may resolve names (kube-dns in kube-system, UDP and TCP 53) and open HTTPS (TCP
 * 443) connections, but never reach the node's Azure instance metadata endpoint
 * (169.254.169.254, the node's managed identities) or the wireserver (168.63.129.16).
 * HTTPS covers what the pods call: the model downloader (Microsoft Entra ID and Blob
 * Storage), Application Insights ingestion. Key Vault is read by External Secrets, and
 * a Blob CSI mount by the node, neither by the pods.
 *
 * Policies only take effect with a network policy engine (AKS: Azure NPM, Calico or Cilium).
 */
import { ConfigurationWarning, ProblemCollector } from '../errors';
import { ResolvedGatewayRef } from '../gateway/gateway-ref';
import { KubeObject, LABEL_DOMAIN } from '../kube';
import { checkBoolean } from '../validation';

/**
 * Pods of the scoring namespace with this label set to "true" may call the scoring pods
 * directly (for in-namespace health checks), when `allowHealthCheckPods` is true.
 */
export const HEALTH_CHECK_LABEL = `${LABEL_DOMAIN}/health-check`;

/** The Azure instance metadata endpoint (IMDS): managed identity tokens of the node. */
export const INSTANCE_METADATA_CIDR = '169.254.169.254/32';
/** The Azure wireserver (the host's platform endpoint). */
export const WIRESERVER_CIDR = '168.63.129.16/32';

/** The network props of a service or endpoint's scoring pods. */
export interface ScoringNetworkProps {
  /**
   * Let pods of the service's namespace labelled `aks-ml-constructs.io/health-check: "true"`
   * call the scoring port directly, past the gateway and so without auth. Anyone who can
   * create a labelled pod in the namespace gets in.
   * @default false
   */
  readonly allowHealthCheckPods?: boolean;
  /**
   * Limit the scoring pods' outbound traffic with a NetworkPolicy `<name>-egress`: DNS to
   * kube-dns (kube-system, UDP and TCP 53) and HTTPS (TCP 443) to any address except the
   * instance metadata endpoint and the wireserver. Turn off for images that need other
   * outbound traffic; that warns.
   * @default true
   */
  readonly restrictEgress?: boolean;
  /**
   * Let the scoring pods reach the Azure instance metadata endpoint (169.254.169.254, TCP
   * 80) and the wireserver (168.63.129.16, TCP 80 and 32526), for images that get tokens
   * from the node's managed identity. Any code in the pod (scoring code handles
   * untrusted input) can then act as the node's identities; prefer workload identity.
   * @default false
   */
  readonly allowInstanceMetadata?: boolean;
}

/** {@link ScoringNetworkProps} with defaults applied. */
export interface ResolvedScoringNetwork {
  readonly allowHealthCheckPods: boolean;
  readonly restrictEgress: boolean;
  readonly allowInstanceMetadata: boolean;
}

/** Validates the network props; returns the warnings. */
export function validateScoringNetwork(c: ProblemCollector, p: ScoringNetworkProps, feature: 'webservice' | 'endpoint'): ConfigurationWarning[] {
  checkBoolean(c, 'allowHealthCheckPods', p.allowHealthCheckPods);
  checkBoolean(c, 'restrictEgress', p.restrictEgress);
  checkBoolean(c, 'allowInstanceMetadata', p.allowInstanceMetadata);
  const warnings: ConfigurationWarning[] = [];
  if (p.restrictEgress === false) {
    warnings.push({
      id: `aks-ml:${feature}:unrestrictedEgress`,
      prop: 'restrictEgress',
      message:
        'is false: the scoring pods, which run code on untrusted input, can reach any address, the node\'s instance metadata endpoint ' +
        '(169.254.169.254, its managed identities) and the wireserver included. Keep it on and set allowInstanceMetadata if that is what the image needs.',
    });
    if (p.allowInstanceMetadata === true) {
      warnings.push({ id: `aks-ml:${feature}:instanceMetadataWithoutEgressPolicy`, prop: 'allowInstanceMetadata', message: 'has no effect: restrictEgress is false, so nothing limits the pods\' outbound traffic.' });
    }
  } else if (p.allowInstanceMetadata === true) {
    warnings.push({
      id: `aks-ml:${feature}:instanceMetadataAllowed`,
      prop: 'allowInstanceMetadata',
      message:
        "is true: any code in the scoring pods can get tokens of the node's managed identities from the instance metadata endpoint; " +
        'prefer workload identity (ModelSource.fromBlobStorage uses it).',
    });
  }
  return warnings;
}

/** Applies the defaults. */
export function resolveScoringNetwork(p: ScoringNetworkProps): ResolvedScoringNetwork {
  return {
    allowHealthCheckPods: p.allowHealthCheckPods ?? false,
    restrictEgress: p.restrictEgress ?? true,
    allowInstanceMetadata: p.allowInstanceMetadata ?? false,
  };
}

export interface ScoringNetworkPolicyInput {
  readonly name: string;
  readonly namespace?: string;
  readonly labels: Readonly<Record<string, string>>;
  /** The scoring pods. */
  readonly podSelector: Readonly<Record<string, string>>;
  /** The container port of the inference server. */
  readonly port: number;
  readonly gateway: ResolvedGatewayRef;
  /** The Gateway's namespace when known (its own, or else the route's). */
  readonly gatewayNamespace?: string;
  /** @default - the defaults of {@link ScoringNetworkProps} */
  readonly network?: ResolvedScoringNetwork;
}

function meta(input: ScoringNetworkPolicyInput, name: string) {
  return { name, ...(input.namespace ? { namespace: input.namespace } : {}), labels: { ...input.labels } };
}

/** Builds the scoring pods' ingress NetworkPolicy. Pure. */
export function buildScoringNetworkPolicy(input: ScoringNetworkPolicyInput): KubeObject {
  const ports = [{ protocol: 'TCP', port: input.port }];
  const network = input.network ?? resolveScoringNetwork({});
  const peers = input.gateway.implementation.proxyPeers({ name: input.gateway.name, namespace: input.gatewayNamespace });
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: meta(input, input.name),
    spec: {
      podSelector: { matchLabels: { ...input.podSelector } },
      policyTypes: ['Ingress'],
      ingress: [
        { from: peers, ports },
        // A podSelector without namespaceSelector: pods of the policy's own namespace only.
        ...(network.allowHealthCheckPods ? [{ from: [{ podSelector: { matchLabels: { [HEALTH_CHECK_LABEL]: 'true' } } }], ports }] : []),
      ],
    },
  };
}

/**
 * Builds the scoring pods' egress NetworkPolicy `<name>-egress`, or nothing when
 * `restrictEgress` is off. Pure.
 */
export function buildScoringEgressPolicy(input: ScoringNetworkPolicyInput): KubeObject | undefined {
  const network = input.network ?? resolveScoringNetwork({});
  if (!network.restrictEgress) return undefined;
  const dns = {
    to: [
      {
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
        podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
      },
    ],
    ports: [
      { protocol: 'UDP', port: 53 },
      { protocol: 'TCP', port: 53 },
    ],
  };
  const https = {
    to: [{ ipBlock: { cidr: '0.0.0.0/0', ...(network.allowInstanceMetadata ? {} : { except: [INSTANCE_METADATA_CIDR, WIRESERVER_CIDR] }) } }],
    ports: [{ protocol: 'TCP', port: 443 }],
  };
  const metadataEndpoints = network.allowInstanceMetadata
    ? [
        { to: [{ ipBlock: { cidr: INSTANCE_METADATA_CIDR } }], ports: [{ protocol: 'TCP', port: 80 }] },
        {
          to: [{ ipBlock: { cidr: WIRESERVER_CIDR } }],
          ports: [
            { protocol: 'TCP', port: 80 },
            { protocol: 'TCP', port: 32526 },
          ],
        },
      ]
    : [];
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: meta(input, `${input.name}-egress`),
    spec: {
      podSelector: { matchLabels: { ...input.podSelector } },
      policyTypes: ['Egress'],
      egress: [dns, https, ...metadataEndpoints],
    },
  };
}

/** The scoring pods' NetworkPolicies: ingress, then egress (unless turned off). Pure. */
export function buildScoringNetworkPolicies(input: ScoringNetworkPolicyInput): KubeObject[] {
  const egress = buildScoringEgressPolicy(input);
  return [buildScoringNetworkPolicy(input), ...(egress ? [egress] : [])];
}
