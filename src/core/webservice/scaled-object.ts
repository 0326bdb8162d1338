/**
 * The concurrency autoscaler: a KEDA ScaledObject that scales a scoring Deployment on
 * the requests in flight at the gateway (served + queued), as Azure ML v1 did.
 */
import { Autoscaler, AutoscalerKind, concurrencyTargetPerReplica } from './autoscaler';
import { KubeObject } from '../kube';
import { ResolvedDeployConfiguration } from './deploy-configuration';

export const KEDA_API_VERSION = 'keda.sh/v1alpha1';

export interface ScaledObjectInput {
  /** The ScaledObject's name (and the Deployment it scales). */
  readonly name: string;
  readonly namespace?: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly config: Pick<
    ResolvedDeployConfiguration,
    'autoscaleMinReplicas' | 'autoscaleMaxReplicas' | 'autoscaleRefreshSeconds' | 'autoscaleTargetUtilization' | 'replicaMaxConcurrentRequests'
  >;
  /** Must be a concurrency autoscaler. */
  readonly autoscaler: Autoscaler;
  /** The PromQL of the Deployment's in-flight requests (from the gateway implementation). */
  readonly query: string;
}

/** Formats a target as KEDA reads it (a decimal string, at most 3 decimals). */
function formatTarget(n: number): string {
  return String(Number(n.toFixed(3)));
}

/** Builds the ScaledObject. Pure. */
export function buildScaledObject(input: ScaledObjectInput): KubeObject {
  if (input.autoscaler.kind !== AutoscalerKind.CONCURRENCY) {
    throw new Error('buildScaledObject needs Autoscaler.concurrency()');
  }
  const c = input.config;
  const o = input.autoscaler.options;
  const target = concurrencyTargetPerReplica(c.replicaMaxConcurrentRequests, c.autoscaleTargetUtilization);
  return {
    apiVersion: KEDA_API_VERSION,
    kind: 'ScaledObject',
    metadata: { name: input.name, ...(input.namespace ? { namespace: input.namespace } : {}), labels: { ...input.labels } },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: input.name },
      pollingInterval: c.autoscaleRefreshSeconds,
      minReplicaCount: c.autoscaleMinReplicas,
      maxReplicaCount: c.autoscaleMaxReplicas,
      advanced: {
        horizontalPodAutoscalerConfig: {
          behavior: {
            // Up at once (as v1, within seconds); down only after the load stayed lower
            // for the stabilization window, and by at most half the replicas a minute.
            scaleUp: {
              stabilizationWindowSeconds: 0,
              selectPolicy: 'Max',
              policies: [
                { type: 'Percent', value: 100, periodSeconds: 15 },
                { type: 'Pods', value: 4, periodSeconds: 15 },
              ],
            },
            scaleDown: {
              stabilizationWindowSeconds: o.scaleDownStabilizationSeconds,
              selectPolicy: 'Max',
              policies: [{ type: 'Percent', value: 50, periodSeconds: 60 }],
            },
          },
        },
      },
      triggers: [
        {
          type: 'prometheus',
          name: 'in-flight-requests',
          // AverageValue: KEDA divides the query result by the replica count and keeps
          // it near the threshold, i.e. replicas = ceil(in-flight / target).
          metricType: 'AverageValue',
          metadata: {
            serverAddress: o.prometheusServerAddress!,
            query: input.query,
            threshold: formatTarget(target),
            ignoreNullValues: 'true',
          },
          ...(o.authentication ? { authenticationRef: { name: o.authentication.name, kind: o.authentication.kind } } : {}),
        },
      ],
    },
  };
}
