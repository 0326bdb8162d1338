/**
 * The NetworkPolicy that makes the gateway the only way in: scoring pods accept
 * connections on the inference port from the gateway's proxy pods, and from pods of
 * their own namespace labelled as health checkers; nothing else in the cluster can
 * reach them, so key and token auth cannot be bypassed from inside the cluster.
 *
 * Kubelet probes need no rule: traffic from the node a pod runs on is always allowed
 * (Kubernetes NetworkPolicy semantics). The policy only takes effect on clusters with
 * a network policy engine (AKS: Azure NPM, Calico or Cilium).
 */
import { ResolvedGatewayRef } from '../gateway/gateway-ref';
import { KubeObject, LABEL_DOMAIN } from '../kube';

/**
 * Pods of the scoring namespace with this label set to "true" may call the scoring pods
 * directly (for in-namespace health checks).
 */
export const HEALTH_CHECK_LABEL = `${LABEL_DOMAIN}/health-check`;

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
}

/** Builds the scoring pods' NetworkPolicy. Pure. */
export function buildScoringNetworkPolicy(input: ScoringNetworkPolicyInput): KubeObject {
  const ports = [{ protocol: 'TCP', port: input.port }];
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: input.name, ...(input.namespace ? { namespace: input.namespace } : {}), labels: { ...input.labels } },
    spec: {
      podSelector: { matchLabels: { ...input.podSelector } },
      policyTypes: ['Ingress'],
      ingress: [
        { from: input.gateway.implementation.proxyPeers({ name: input.gateway.name, namespace: input.gatewayNamespace }), ports },
        { from: [{ podSelector: { matchLabels: { [HEALTH_CHECK_LABEL]: 'true' } } }], ports },
      ],
    },
  };
}
