/**
 * The EnvoyProxy (gateway.envoyproxy.io/v1alpha1) of a Gateway: how Envoy Gateway runs
 * the Gateway's proxies. `AksMlGateway` references it from the Gateway's
 * `spec.infrastructure.parametersRef`, so it applies to that Gateway only.
 *
 * Readers (Envoy Gateway, envoyproxy/gateway):
 * - `spec.infrastructure.parametersRef` of a Gateway: internal/gatewayapi/contexts.go
 *   (since v1.1.0; ignored when the controller merges Gateways, `mergeGateways`). From
 *   v1.9.0 a Gateway's EnvoyProxy is merged over the GatewayClass's with `mergeType`
 *   (internal/gatewayapi/envoyproxy_merge.go); unset, it replaces it.
 * - `spec.concurrency`: the proxy's `--concurrency` argument, the number of Envoy worker
 *   threads (internal/infrastructure/common/proxy_args.go). Unset, Envoy Gateway runs
 *   Envoy with `--cpuset-threads`: one worker per CPU the pod may use.
 * - `spec.provider.kubernetes.envoyDeployment.replicas`: the proxies' Deployment.
 * - `spec.provider.kubernetes.envoyService.annotations`: the proxies' Service (on AKS
 *   the load balancer, e.g. `service.beta.kubernetes.io/azure-load-balancer-internal`).
 */
import { KubeObject } from '../kube';
import { ENVOY_GATEWAY_API_VERSION, ENVOY_GATEWAY_GROUP } from './envoy-types';

/** Input of {@link planEnvoyProxy}. */
export interface EnvoyProxyInput {
  readonly name: string;
  /** The namespace of the Gateway that references it (a Gateway's parametersRef is local). */
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  /** Envoy worker threads per proxy (`spec.concurrency`). */
  readonly concurrency: number;
  /**
   * Proxy replicas (`spec.provider.kubernetes.envoyDeployment.replicas`).
   * @default - not set: Envoy Gateway's default (1)
   */
  readonly proxyReplicas?: number;
  /**
   * Annotations of the proxies' Service (`spec.provider.kubernetes.envoyService.annotations`).
   * @default - none
   */
  readonly serviceAnnotations?: Readonly<Record<string, string>>;
}

/** The `spec` of the EnvoyProxy written by {@link planEnvoyProxy}. */
export interface EgEnvoyProxySpec {
  readonly concurrency: number;
  readonly provider: {
    readonly type: 'Kubernetes';
    readonly kubernetes?: {
      readonly envoyDeployment?: { readonly replicas: number };
      readonly envoyService?: { readonly annotations: Record<string, string> };
    };
  };
}

/** The Gateway API `LocalParametersReference` of an EnvoyProxy (Gateway `spec.infrastructure.parametersRef`). */
export function envoyProxyParametersRef(name: string): { group: string; kind: 'EnvoyProxy'; name: string } {
  return { group: ENVOY_GATEWAY_GROUP, kind: 'EnvoyProxy', name };
}

/** The EnvoyProxy object. Pure. */
export function planEnvoyProxy(input: EnvoyProxyInput): KubeObject {
  const annotations = input.serviceAnnotations ?? {};
  const kubernetes = {
    ...(input.proxyReplicas !== undefined ? { envoyDeployment: { replicas: input.proxyReplicas } } : {}),
    ...(Object.keys(annotations).length > 0 ? { envoyService: { annotations: { ...annotations } } } : {}),
  };
  const spec: EgEnvoyProxySpec = {
    concurrency: input.concurrency,
    provider: { type: 'Kubernetes', ...(Object.keys(kubernetes).length > 0 ? { kubernetes } : {}) },
  };
  return {
    apiVersion: ENVOY_GATEWAY_API_VERSION,
    kind: 'EnvoyProxy',
    metadata: { name: input.name, namespace: input.namespace, labels: { ...input.labels } },
    spec,
  };
}
