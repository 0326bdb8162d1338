import { AksWebserviceProps, Autoscaler, AutoscalerKind, ConfigurationError, EnvoyGateway, KubeObject, planWebservice } from 'aks-ml-constructs';
import { EnginePlanOptions } from '../../../src/core/webservice/keys';
import { PlanContext } from '../../../src/core/gateway/routing';
import { concurrencyTargetPerReplica } from '../../../src/core/webservice/autoscaler';
import { validateAll } from '../../support/schema';

const PROM = 'http://prometheus-operated.monitoring.svc:9090';
const base: AksWebserviceProps = { name: 'fraud-model', image: 'myacr.azurecr.io/fraud:1.4.2', namespace: 'ml' };
const kedaProps: AksWebserviceProps = { ...base, autoscaler: Autoscaler.concurrency({ prometheusServerAddress: PROM }) };

const find = (objects: KubeObject[], kind: string) => objects.filter((o) => o.kind === kind) as Record<string, any>[];

describe('Autoscaler.concurrency(): a KEDA ScaledObject on in-flight requests at the gateway', () => {
  test.each([
    // replicaMaxConcurrentRequests × autoscaleTargetUtilization / 100
    [1, 70, '0.7'],
    [4, 50, '2'],
    [3, 70, '2.1'],
    [10, 100, '10'],
    [2, 33, '0.66'],
    [1, 1, '0.01'],
  ])('target per replica: %d concurrent × %d%% = %s in flight', (concurrent, utilization, threshold) => {
    expect(concurrencyTargetPerReplica(concurrent, utilization)).toBeCloseTo(Number(threshold), 10);
    const p = planWebservice({ ...kedaProps, replicaMaxConcurrentRequests: concurrent, autoscaleTargetUtilization: utilization });
    const [so] = find(p.objects, 'ScaledObject');
    expect(so.spec.triggers).toHaveLength(1);
    expect(so.spec.triggers[0]).toMatchObject({ type: 'prometheus', metricType: 'AverageValue', metadata: { threshold } });
  });

  test('scales the Deployment between the autoscale bounds, polling every autoscaleRefreshSeconds, scaling down slower than up', () => {
    const p = planWebservice({ ...kedaProps, autoscaleMinReplicas: 2, autoscaleMaxReplicas: 12, autoscaleRefreshSeconds: 5 });
    const [so] = find(p.objects, 'ScaledObject');
    expect(so.metadata).toMatchObject({ name: 'fraud-model', namespace: 'ml' });
    expect(so.spec).toMatchObject({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'fraud-model' },
      pollingInterval: 5,
      minReplicaCount: 2,
      maxReplicaCount: 12,
    });
    const behavior = so.spec.advanced.horizontalPodAutoscalerConfig.behavior;
    expect(behavior.scaleUp.stabilizationWindowSeconds).toBe(0);
    expect(behavior.scaleDown.stabilizationWindowSeconds).toBe(60);
    expect(behavior.scaleDown.stabilizationWindowSeconds).toBeGreaterThan(behavior.scaleUp.stabilizationWindowSeconds);
    expect(behavior.scaleDown.policies).toEqual([{ type: 'Percent', value: 50, periodSeconds: 60 }]);
    expect(validateAll(p.objects)).toBe(p.objects.length);
  });

  test('measures served + queued requests of the service route at the gateway (Envoy metrics through Prometheus)', () => {
    const p = planWebservice(kedaProps);
    const meta = find(p.objects, 'ScaledObject')[0].spec.triggers[0].metadata;
    expect(meta.serverAddress).toBe(PROM);
    expect(meta.query).toBe(
      '(sum({__name__=~"envoy_cluster_upstream_rq_(active|pending_active)",envoy_cluster_name=~"httproute/ml/fraud-model/rule/[0-9]+"}) or vector(0))',
    );
    expect(meta.ignoreNullValues).toBe('true');
  });

  test('no CPU HorizontalPodAutoscaler, and no autoscaleRefreshSeconds warning, with KEDA', () => {
    const keda = planWebservice({ ...kedaProps, autoscaleRefreshSeconds: 3 });
    expect(find(keda.objects, 'HorizontalPodAutoscaler')).toEqual([]);
    expect(keda.warnings.filter((w) => w.prop === 'autoscaleRefreshSeconds')).toEqual([]);
    // The Deployment leaves the replica count to the autoscaler.
    expect(find(keda.objects, 'Deployment')[0].spec.replicas).toBeUndefined();

    const cpu = planWebservice({ ...base, autoscaleRefreshSeconds: 3 });
    expect(find(cpu.objects, 'HorizontalPodAutoscaler')).toHaveLength(1);
    expect(find(cpu.objects, 'ScaledObject')).toEqual([]);
    expect(cpu.warnings.filter((w) => w.prop === 'autoscaleRefreshSeconds')).toHaveLength(1);
  });

  test('the CPU autoscaler is the default', () => {
    expect(planWebservice(base).config.autoscaler.kind).toBe(AutoscalerKind.CPU);
    expect(planWebservice({ ...base, autoscaler: Autoscaler.cpu() }).objects.map((o) => o.kind)).toContain('HorizontalPodAutoscaler');
  });

  test('a scale-down window and a KEDA TriggerAuthentication (e.g. Azure Monitor managed Prometheus)', () => {
    const p = planWebservice({
      ...base,
      autoscaler: Autoscaler.concurrency({
        prometheusServerAddress: 'https://ml-metrics.westeurope.prometheus.monitor.azure.com',
        authentication: { name: 'azure-monitor', kind: 'ClusterTriggerAuthentication' },
        scaleDownStabilizationSeconds: 300,
      }),
    });
    const so = find(p.objects, 'ScaledObject')[0];
    expect(so.spec.triggers[0].authenticationRef).toEqual({ name: 'azure-monitor', kind: 'ClusterTriggerAuthentication' });
    expect(so.spec.advanced.horizontalPodAutoscalerConfig.behavior.scaleDown.stabilizationWindowSeconds).toBe(300);
    expect(validateAll([so])).toBe(1);
  });

  test('splits nothing across proxies: the query sums over all Envoy proxies', () => {
    const p = planWebservice({ ...kedaProps, gateway: { name: 'aks-ml', namespace: 'aks-ml-gateway', implementation: new EnvoyGateway({ proxyReplicas: 3 }) } });
    expect(find(p.objects, 'ScaledObject')[0].spec.triggers[0].metadata.query).toMatch(/^\(sum\(/);
  });

  test('with a fixed replica count the autoscaler has no effect (warning, no ScaledObject)', () => {
    const p = planWebservice({ ...base, numReplicas: 3, autoscaler: Autoscaler.concurrency({ prometheusServerAddress: PROM }) });
    expect(find(p.objects, 'ScaledObject')).toEqual([]);
    expect(find(p.objects, 'HorizontalPodAutoscaler')).toEqual([]);
    expect(p.warnings).toContainEqual({ id: 'aks-ml:webservice:autoscalerWithFixedReplicas', prop: 'autoscaler', message: 'has no effect: autoscaling is off (numReplicas is 3).' });
  });

  test('needs a namespace (the gateway metrics are keyed by it): from the props or the engine', () => {
    const { namespace: _ns, ...noNamespace } = kedaProps;
    expect(() => planWebservice(noNamespace)).toThrow(ConfigurationError);
    expect(() => planWebservice(noNamespace)).toThrow(/namespace is required with Autoscaler\.concurrency\(\)/);
    const p = planWebservice(noNamespace, { defaultNamespace: 'scoring' });
    const so = find(p.objects, 'ScaledObject')[0];
    expect(so.metadata.namespace).toBeUndefined();
    expect(so.spec.triggers[0].metadata.query).toContain('httproute/scoring/fraud-model/rule/');
    // One options type: the namespace next to the engine's generated keys; PlanContext still types the namespace alone.
    const options: EnginePlanOptions = { defaultNamespace: 'scoring', generatedKeys: { primary: 'k1-aaaaaaaa', secondary: 'k2-bbbbbbbb' } };
    const context: PlanContext = { defaultNamespace: 'scoring' };
    expect(planWebservice(noNamespace, options).objects.find((o) => o.kind === 'Secret')?.stringData).toEqual({ primary: 'k1-aaaaaaaa', secondary: 'k2-bbbbbbbb' });
    expect(planWebservice(noNamespace, context).objects).toEqual(p.objects);
  });

  test('invalid autoscaler settings are configuration errors', () => {
    const err = (() => {
      try {
        planWebservice({
          ...base,
          autoscaler: Autoscaler.concurrency({
            prometheusServerAddress: 'prometheus:9090',
            authentication: { name: 'Bad Name', kind: 'Secret' as any },
            scaleDownStabilizationSeconds: -1,
          }),
        });
      } catch (e) {
        return e as ConfigurationError;
      }
      throw new Error('expected an error');
    })();
    expect(err.problems).toEqual([
      expect.stringMatching(/^autoscaler\.prometheusServerAddress must be the http\(s\) URL of a Prometheus query API/),
      expect.stringMatching(/^autoscaler\.authentication\.name must be the name of a KEDA TriggerAuthentication/),
      expect.stringMatching(/^autoscaler\.authentication\.kind must be "TriggerAuthentication" or "ClusterTriggerAuthentication"/),
      expect.stringMatching(/^autoscaler\.scaleDownStabilizationSeconds must be greater than or equal to 0; received -1\./),
    ]);
    expect(() => planWebservice({ ...base, autoscaler: Autoscaler.concurrency({ prometheusServerAddress: 'http://' }) })).toThrow(
      /autoscaler\.prometheusServerAddress must be the http\(s\) URL/,
    );
    expect(() => planWebservice({ ...base, autoscaler: Autoscaler.concurrency({ prometheusServerAddress: 'http://prom:9090/?x=1' }) })).toThrow(
      /autoscaler\.prometheusServerAddress must be the http\(s\) URL/,
    );
    expect(() => planWebservice({ ...base, autoscaler: 'keda' as any })).toThrow(/autoscaler must be made with Autoscaler\.cpu\(\) or Autoscaler\.concurrency/);
  });
});
