/**
 * Which autoscaler scales a scoring deployment when autoscaling is on.
 *
 * - `Autoscaler.cpu()` (the default): a Kubernetes HorizontalPodAutoscaler on CPU
 *   utilization (`autoscaleTargetUtilization` percent of the CPU request). Needs nothing
 *   beyond the metrics server AKS ships. Right for CPU-bound models, where CPU tracks
 *   load.
 * - `Autoscaler.concurrency({...})`: a KEDA ScaledObject on the requests in flight at
 *   the gateway (served + queued), which is how Azure ML v1 scaled: each replica is
 *   kept near `replicaMaxConcurrentRequests × autoscaleTargetUtilization / 100`
 *   requests, polled every `autoscaleRefreshSeconds`. Right for models that wait on
 *   I/O or a GPU (CPU stays low while requests queue), and whenever v1's scaling
 *   behaviour must be kept. Needs KEDA and a Prometheus that scrapes the Envoy proxies.
 */
import { ProblemCollector } from '../errors';
import { checkNumber, isPlainObject } from '../validation';

/** The kinds of autoscaler, for code that inspects an {@link Autoscaler}. */
export enum AutoscalerKind {
  /** HorizontalPodAutoscaler on CPU utilization. */
  CPU = 'cpu',
  /** KEDA ScaledObject on in-flight requests at the gateway. */
  CONCURRENCY = 'concurrency',
}

/** A KEDA TriggerAuthentication or ClusterTriggerAuthentication. */
export interface TriggerAuthenticationRef {
  readonly name: string;
  /** @default 'TriggerAuthentication' */
  readonly kind?: 'TriggerAuthentication' | 'ClusterTriggerAuthentication';
}

export interface ConcurrencyAutoscalerOptions {
  /**
   * The Prometheus (HTTP API) that scrapes the gateway's Envoy proxies, e.g.
   * `http://prometheus-operated.monitoring.svc:9090`, or an Azure Monitor workspace's
   * query endpoint (then with `authentication`).
   */
  readonly prometheusServerAddress: string;
  /**
   * How KEDA authenticates to Prometheus (e.g. a TriggerAuthentication with
   * `podIdentity: { provider: azure-workload }` for Azure Monitor managed Prometheus).
   * @default - none
   */
  readonly authentication?: TriggerAuthenticationRef;
  /**
   * How long the load must stay lower before replicas are removed, in seconds. Scale-up
   * is immediate; v1 scaled down after about a minute.
   * @default 60
   */
  readonly scaleDownStabilizationSeconds?: number;
}

/** The default scale-down stabilization window (v1 scaled down after about a minute). */
export const DEFAULT_SCALE_DOWN_STABILIZATION_SECONDS = 60;

/** The autoscaler of a scoring deployment. Use the static factories. */
export class Autoscaler {
  /** The CPU HorizontalPodAutoscaler (the default). */
  public static cpu(): Autoscaler {
    return new Autoscaler(AutoscalerKind.CPU, {});
  }

  /** A KEDA ScaledObject on in-flight requests measured at the gateway (v1's scaling). */
  public static concurrency(options: ConcurrencyAutoscalerOptions): Autoscaler {
    const o = (options ?? {}) as ConcurrencyAutoscalerOptions;
    return new Autoscaler(AutoscalerKind.CONCURRENCY, {
      prometheusServerAddress: o.prometheusServerAddress,
      ...(o.authentication !== undefined
        ? { authentication: { name: o.authentication?.name, kind: o.authentication?.kind ?? 'TriggerAuthentication' } }
        : {}),
      scaleDownStabilizationSeconds: o.scaleDownStabilizationSeconds ?? DEFAULT_SCALE_DOWN_STABILIZATION_SECONDS,
    });
  }

  private constructor(
    /** Which autoscaler. */
    public readonly kind: AutoscalerKind,
    /** The concurrency autoscaler's settings (empty for CPU). */
    public readonly options: {
      readonly prometheusServerAddress?: string;
      readonly authentication?: Required<TriggerAuthenticationRef>;
      readonly scaleDownStabilizationSeconds?: number;
    },
  ) {}
}

const K8S_NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

/** Validates an optional `autoscaler` prop, adding problems under `prop`. */
export function validateAutoscaler(c: ProblemCollector, prop: string, value: unknown): boolean {
  if (value === undefined) return true;
  if (!(value instanceof Autoscaler)) {
    c.add(prop, value, 'must be made with Autoscaler.cpu() or Autoscaler.concurrency({ prometheusServerAddress })');
    return false;
  }
  if (value.kind === AutoscalerKind.CPU) return true;
  const before = c.problems.length;
  const a = c.child(prop);
  const o = value.options;
  let url: URL | undefined;
  try {
    url = typeof o.prometheusServerAddress === 'string' ? new URL(o.prometheusServerAddress) : undefined;
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.search !== '' || url.hash !== '') {
    a.add('prometheusServerAddress', o.prometheusServerAddress, 'must be the http(s) URL of a Prometheus query API, e.g. "http://prometheus-operated.monitoring.svc:9090"');
  }
  if (o.authentication !== undefined) {
    if (!isPlainObject(o.authentication) || typeof o.authentication.name !== 'string' || !K8S_NAME.test(o.authentication.name)) {
      a.add('authentication.name', o.authentication?.name, 'must be the name of a KEDA TriggerAuthentication or ClusterTriggerAuthentication');
    }
    if (o.authentication.kind !== 'TriggerAuthentication' && o.authentication.kind !== 'ClusterTriggerAuthentication') {
      a.add('authentication.kind', o.authentication.kind, 'must be "TriggerAuthentication" or "ClusterTriggerAuthentication"');
    }
  }
  checkNumber(a, 'scaleDownStabilizationSeconds', o.scaleDownStabilizationSeconds, { atLeast: 0, atMost: 3600, integer: true });
  return c.problems.length === before;
}

/**
 * The in-flight requests each replica should carry: v1 kept
 * (busy + queued) / replicas near autoscale_target_utilization of the replica's
 * concurrency, so the target is replicaMaxConcurrentRequests × utilization / 100.
 */
export function concurrencyTargetPerReplica(replicaMaxConcurrentRequests: number, autoscaleTargetUtilization: number): number {
  return (replicaMaxConcurrentRequests * autoscaleTargetUtilization) / 100;
}
