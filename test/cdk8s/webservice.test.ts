import { AuthKeys, ConfigurationError, ModelSource } from 'aks-ml-constructs';
import { AksWebserviceConstruct } from 'aks-ml-constructs/cdk8s';
import { validateAll } from '../support/schema';
import { newChart, one, synthObjects } from '../support/synth';
import { captureWarnings } from '../support/warnings';

const IMAGE = 'myacr.azurecr.io/fraud/model:1.4.2';

function synth(props: Record<string, unknown>, chartProps: { namespace?: string } = {}) {
  const chart = newChart(chartProps);
  const { result: ws, warnings } = captureWarnings(
    () => new AksWebserviceConstruct(chart, 'ws', { name: 'fraud-model', image: IMAGE, ...props } as any),
  );
  const objects = synthObjects(chart);
  validateAll(objects);
  return { chart, ws, objects, warnings };
}

function container(objects: Record<string, any>[]) {
  return one(objects, 'Deployment').spec.template.spec.containers[0];
}

function envOf(objects: Record<string, any>[]): Record<string, unknown> {
  return Object.fromEntries(container(objects).env.map((e: any) => [e.name, e.value ?? e.valueFrom]));
}

describe('Deployment', () => {
  test('requests come from cpuCores / memoryGb (GB as in v1) and no limits by default', () => {
    const { objects } = synth({});
    expect(container(objects).resources).toEqual({ requests: { cpu: '100m', memory: '500M' } });
    const big = synth({ cpuCores: 2, memoryGb: 4 }).objects;
    expect(container(big).resources.requests).toEqual({ cpu: '2000m', memory: '4G' });
  });

  test('limits come from cpuCoresLimit / memoryGbLimit', () => {
    const { objects } = synth({ cpuCores: 0.5, memoryGb: 1.5, cpuCoresLimit: 1, memoryGbLimit: 2.25 });
    expect(container(objects).resources).toEqual({
      requests: { cpu: '500m', memory: '1500M' },
      limits: { cpu: '1000m', memory: '2250M' },
    });
  });

  test('gpuCores requests nvidia.com/gpu and tolerates the AKS GPU pool taint', () => {
    const { objects } = synth({ gpuCores: 2 });
    const dep = one(objects, 'Deployment');
    expect(container(objects).resources.requests['nvidia.com/gpu']).toBe('2');
    expect(container(objects).resources.limits['nvidia.com/gpu']).toBe('2');
    expect(dep.spec.template.spec.tolerations).toEqual([{ key: 'sku', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }]);
    expect(one(synth({}).objects, 'Deployment').spec.template.spec.tolerations).toBeUndefined();
  });

  test('startup probe GET / for init(), liveness on TCP with no delay, readiness GET /: the five v1 probe settings', () => {
    const { objects } = synth({ periodSeconds: 7, initialDelaySeconds: 120, timeoutSeconds: 4, successThreshold: 2, failureThreshold: 5 });
    const c = container(objects);
    // v1 could first restart after 120 + 5 × 7 = 155 s: the startup probe allows 31 × 5 = 155 s.
    expect(c.startupProbe).toEqual({
      httpGet: { path: '/', port: 'http', scheme: 'HTTP' },
      periodSeconds: 5,
      timeoutSeconds: 4,
      successThreshold: 1,
      failureThreshold: 31,
    });
    expect(c.livenessProbe).toEqual({
      tcpSocket: { port: 'http' },
      periodSeconds: 7,
      timeoutSeconds: 4,
      successThreshold: 1,
      failureThreshold: 5,
    });
    expect(c.readinessProbe).toEqual({
      httpGet: { path: '/', port: 'http', scheme: 'HTTP' },
      periodSeconds: 7,
      timeoutSeconds: 4,
      successThreshold: 2,
      failureThreshold: 5,
    });
  });

  test('default probes: init() gets the v1 310 s delay plus 3 × 10 s, liveness runs at once after it', () => {
    const c = container(synth({}).objects);
    expect(c.livenessProbe.initialDelaySeconds).toBeUndefined();
    expect([c.livenessProbe.periodSeconds, c.livenessProbe.timeoutSeconds, c.livenessProbe.failureThreshold]).toEqual([10, 2, 3]);
    expect(c.startupProbe.periodSeconds * c.startupProbe.failureThreshold).toBe(340);
    // gunicorn's worker timeout covers the whole startup budget.
    expect(Number(envOf(synth({}).objects).WORKER_TIMEOUT)).toBe(350);
  });

  test('the inference server gets its environment from the props', () => {
    const { objects } = synth({ replicaMaxConcurrentRequests: 4, scoringTimeoutMs: 5000, enableAppInsights: true, collectModelData: true, entryScript: 'src/score.py', env: { MY_FLAG: 'on' } });
    expect(envOf(objects)).toEqual({
      SERVICE_NAME: 'fraud-model',
      SERVICE_PATH_PREFIX: '/api/v1/service/fraud-model',
      AML_APP_ROOT: '/var/azureml-app',
      AZUREML_ENTRY_SCRIPT: 'src/score.py',
      AZUREML_MODEL_DIR: '/var/azureml-app/azureml-models',
      WORKER_COUNT: '4',
      // 5000 + 500 (queue wait) + 5000: past the gateway's 5500 ms route timeout.
      SCORING_TIMEOUT_MS: '10500',
      // The startup budget (310 + 3 × 10 s) + 10 s.
      WORKER_TIMEOUT: '350',
      AML_APP_INSIGHTS_ENABLED: 'true',
      AML_MODEL_DC_STORAGE_ENABLED: 'true',
      AML_MDC_STORAGE_ENABLED: 'true',
      AML_APP_INSIGHTS_KEY: { secretKeyRef: { name: 'app-insights', key: 'instrumentation-key' } },
      APPLICATIONINSIGHTS_CONNECTION_STRING: { secretKeyRef: { name: 'app-insights', key: 'connection-string' } },
      MY_FLAG: 'on',
    });
    expect(container(objects).ports).toEqual([{ name: 'http', containerPort: 5001, protocol: 'TCP' }]);
    expect(container(objects).command).toBeUndefined();
    expect(container(objects).args).toBeUndefined();
  });

  test('the pod meets the restricted Pod Security Standard', () => {
    const { objects } = synth({});
    const pod = one(objects, 'Deployment').spec.template.spec;
    expect(pod.securityContext).toEqual({ runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000, seccompProfile: { type: 'RuntimeDefault' } });
    expect(pod.automountServiceAccountToken).toBe(false);
    const sc = pod.containers[0].securityContext;
    expect(sc.allowPrivilegeEscalation).toBe(false);
    expect(sc.capabilities).toEqual({ drop: ['ALL'] });
    expect(sc.readOnlyRootFilesystem).toBe(true);
    expect(sc.runAsNonRoot).toBe(true);
    // The writable scratch folder is an emptyDir.
    expect(pod.volumes).toEqual([{ name: 'writable-tmp', emptyDir: {} }]);
    expect(pod.containers[0].volumeMounts).toEqual([{ name: 'writable-tmp', mountPath: '/tmp' }]);
  });

  test('opting out of the restricted profile warns', () => {
    const { objects, warnings } = synth({ restrictedSecurityContext: false });
    expect(one(objects, 'Deployment').spec.template.spec.securityContext).toBeUndefined();
    expect(warnings).toEqual([expect.stringContaining('restrictedSecurityContext: is false: the pod does not meet the Pod Security Standards "restricted" profile')]);
  });

  test('terminationGracePeriodSeconds lets the longest scoring call finish', () => {
    expect(one(synth({}).objects, 'Deployment').spec.template.spec.terminationGracePeriodSeconds).toBe(65);
    expect(one(synth({ scoringTimeoutMs: 1000 }).objects, 'Deployment').spec.template.spec.terminationGracePeriodSeconds).toBe(30);
  });
});

describe('Service, autoscaler, PodDisruptionBudget', () => {
  test('a ClusterIP Service selects the pods', () => {
    const { objects } = synth({});
    const svc = one(objects, 'Service');
    const dep = one(objects, 'Deployment');
    expect(svc.spec.ports).toEqual([{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }]);
    expect(svc.spec.selector).toEqual(dep.spec.selector.matchLabels);
    for (const [k, v] of Object.entries(svc.spec.selector)) expect(dep.spec.template.metadata.labels[k]).toBe(v);
  });

  test('autoscaling (the default) gives an autoscaling/v2 HPA and no fixed replica count', () => {
    const { objects } = synth({ autoscaleMinReplicas: 2, autoscaleMaxReplicas: 6, autoscaleTargetUtilization: 55 });
    const hpa = one(objects, 'HorizontalPodAutoscaler');
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.spec.minReplicas).toBe(2);
    expect(hpa.spec.maxReplicas).toBe(6);
    expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'fraud-model' });
    expect(hpa.spec.metrics).toEqual([{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 55 } } }]);
    expect(hpa.spec.behavior.scaleDown.stabilizationWindowSeconds).toBeGreaterThan(hpa.spec.behavior.scaleUp.stabilizationWindowSeconds);
    expect(one(objects, 'Deployment').spec.replicas).toBeUndefined();
  });

  test('numReplicas gives fixed replicas and no HPA', () => {
    const { objects } = synth({ numReplicas: 3 });
    expect(one(objects, 'Deployment').spec.replicas).toBe(3);
    expect(objects.filter((o) => o.kind === 'HorizontalPodAutoscaler')).toHaveLength(0);
  });

  test('a PodDisruptionBudget exists only when more than one replica can run', () => {
    expect(one(synth({ numReplicas: 2 }).objects, 'PodDisruptionBudget').spec).toEqual({
      maxUnavailable: 1,
      selector: { matchLabels: { 'aks-ml-constructs.io/service': 'fraud-model' } },
    });
    expect(synth({ numReplicas: 1 }).objects.filter((o) => o.kind === 'PodDisruptionBudget')).toHaveLength(0);
    expect(synth({ autoscaleMaxReplicas: 1 }).objects.filter((o) => o.kind === 'PodDisruptionBudget')).toHaveLength(0);
    expect(synth({}).objects.filter((o) => o.kind === 'PodDisruptionBudget')).toHaveLength(1);
  });

  test('autoscaleRefreshSeconds under the CPU HPA warns; left at its default it does not', () => {
    expect(synth({ autoscaleRefreshSeconds: 5 }).warnings).toEqual([expect.stringContaining('autoscaleRefreshSeconds: (v1: autoscale_refresh_seconds) cannot be honoured by the CPU HorizontalPodAutoscaler')]);
    expect(synth({}).warnings).toEqual([]);
  });
});

describe('namespace', () => {
  test('a Namespace object is created when namespace is set, enforcing the restricted profile', () => {
    const { objects } = synth({ namespace: 'scoring' });
    const ns = one(objects, 'Namespace');
    expect(ns.metadata.name).toBe('scoring');
    expect(ns.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
    for (const o of objects.filter((x) => !['Namespace', 'PersistentVolume'].includes(x.kind))) {
      expect(o.metadata.namespace).toBe('scoring');
    }
  });

  test('createNamespace: false leaves the namespace to be managed elsewhere', () => {
    const { objects } = synth({ namespace: 'scoring', createNamespace: false });
    expect(objects.filter((o) => o.kind === 'Namespace')).toHaveLength(0);
    expect(one(objects, 'Deployment').metadata.namespace).toBe('scoring');
  });

  test('without namespace, no Namespace object and the chart namespace applies', () => {
    const { objects } = synth({}, { namespace: 'from-chart' });
    expect(objects.filter((o) => o.kind === 'Namespace')).toHaveLength(0);
    expect(one(objects, 'Deployment').metadata.namespace).toBe('from-chart');
  });
});

describe('auth keys', () => {
  test('by default keys are generated in the cluster, one ExternalSecret per key, nothing secret in the YAML', () => {
    const { objects, ws } = synth({});
    const gen = one(objects, 'Password');
    expect(gen.apiVersion).toBe('generators.external-secrets.io/v1alpha1');
    expect(gen.spec).toEqual({ length: 32, digits: 8, symbols: 0, noUpper: false, allowRepeat: true });
    const es = objects.filter((o) => o.kind === 'ExternalSecret');
    expect(es.map((e) => e.metadata.name)).toEqual(['fraud-model-primary-key', 'fraud-model-secondary-key']);
    expect(es[0].apiVersion).toBe('external-secrets.io/v1');
    for (const e of es) {
      // Generated once; the Secret outlives its ExternalSecret and is never templated again.
      expect(e.spec.refreshPolicy).toBe('CreatedOnce');
      expect(e.spec.refreshInterval).toBe('0s');
      expect(e.spec.target).toMatchObject({ name: e.metadata.name, creationPolicy: 'CreateOrMerge', immutable: true });
      expect(e.spec.target.deletionPolicy).toBeUndefined();
    }
    expect(es[0].spec.target.template.data).toEqual({ primary: '{{ .password }}' });
    expect(es[1].spec.target.template.data).toEqual({ secondary: '{{ .password }}' });
    expect(es[0].spec.dataFrom[0].sourceRef.generatorRef).toEqual({ apiVersion: 'generators.external-secrets.io/v1alpha1', kind: 'Password', name: 'fraud-model-key-generator' });
    expect(objects.filter((o) => o.kind === 'Secret')).toHaveLength(0);
    expect(ws.plan.keySecretNames).toEqual(['fraud-model-primary-key', 'fraud-model-secondary-key']);
    expect(ws.keySecrets.map((s) => s.name)).toEqual(['fraud-model-primary-key', 'fraud-model-secondary-key']);
  });

  test('keys from an existing Secret create no key objects', () => {
    const { objects, ws } = synth({ keys: AuthKeys.fromSecret('my-keys') });
    expect(objects.filter((o) => ['Secret', 'ExternalSecret', 'Password'].includes(o.kind))).toHaveLength(0);
    expect(ws.plan.keySecretNames).toEqual(['my-keys']);
  });

  test('keys from Azure Key Vault sync both keys into one Secret', () => {
    const { objects } = synth({
      keys: AuthKeys.fromKeyVault({ secretStore: { name: 'azure-kv' }, primaryKeySecretName: 'fraud-primary', secondaryKeySecretName: 'fraud-secondary' }),
    });
    const es = one(objects, 'ExternalSecret');
    // A namespaced SecretStore by default: only the service's namespace reads through it.
    expect(es.spec.secretStoreRef).toEqual({ name: 'azure-kv', kind: 'SecretStore' });
    expect(es.spec.target).toEqual({ name: 'fraud-model-keys', creationPolicy: 'CreateOrMerge', deletionPolicy: 'Retain' });
    expect(es.spec.data).toEqual([
      { secretKey: 'primary', remoteRef: { key: 'fraud-primary' } },
      { secretKey: 'secondary', remoteRef: { key: 'fraud-secondary' } },
    ]);
    expect(es.spec.refreshInterval).toBe('1h');
  });

  test('explicit keys become a plain Secret, with a warning that they sit in the manifests', () => {
    const k1 = 'k1-abcdefghijklmnopqrstuvwxyz0123';
    const k2 = 'k2-abcdefghijklmnopqrstuvwxyz0123';
    const { objects, warnings } = synth({ primaryKey: k1, secondaryKey: k2 });
    expect(one(objects, 'Secret', 'fraud-model-keys').stringData).toEqual({ primary: k1, secondary: k2 });
    expect(warnings).toEqual([expect.stringContaining('primaryKey: is written into the manifests in plain text')]);
    expect(warnings[0]).toContain('last-applied-configuration');
  });

  test('explicit keys shorter than 32 characters warn (v1 accepted them)', () => {
    const { warnings } = synth({ primaryKey: 'k1-abcdefghijklmnop', secondaryKey: 'k2-abcdefghijklmnopqrstuvwxyz0123' });
    expect(warnings.filter((w) => w.includes('characters: v1 accepted a key of any length'))).toEqual([
      expect.stringContaining('primaryKey: (v1: primary_key) has 19 characters'),
    ]);
  });

  test('only a primary key given: the secondary is still generated in the cluster', () => {
    const { objects, ws } = synth({ primaryKey: 'k1-abcdefghijklmnop' });
    expect(one(objects, 'Secret').stringData).toEqual({ primary: 'k1-abcdefghijklmnop' });
    expect(one(objects, 'ExternalSecret').metadata.name).toBe('fraud-model-secondary-key');
    expect(ws.plan.keySecretNames).toEqual(['fraud-model-keys', 'fraud-model-secondary-key']);
  });

  test('no key objects when key auth is off', () => {
    for (const props of [{ authEnabled: false }, { tokenAuthEnabled: true, entraTenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47', entraAudience: 'api://fraud-model' }]) {
      const { objects } = synth(props);
      expect(objects.filter((o) => ['Secret', 'ExternalSecret', 'Password'].includes(o.kind))).toHaveLength(0);
    }
  });
});

describe('tags, properties, description', () => {
  test('tags become sanitized labels; the originals are kept in an annotation', () => {
    const { objects, warnings } = synth({ tags: { team: 'fraud', 'cost center': 'R&D / 42' }, properties: { owner: 'ml-platform' }, description: 'Fraud scoring, v1 migration' });
    const dep = one(objects, 'Deployment');
    expect(dep.metadata.labels['tags.aks-ml-constructs.io/team']).toBe('fraud');
    expect(dep.metadata.labels['tags.aks-ml-constructs.io/cost-center']).toBe('R-D---42');
    expect(JSON.parse(dep.metadata.annotations['aks-ml-constructs.io/tags'])).toEqual({ team: 'fraud', 'cost center': 'R&D / 42' });
    expect(dep.metadata.annotations['properties.aks-ml-constructs.io/owner']).toBe('ml-platform');
    expect(dep.metadata.annotations['aks-ml-constructs.io/description']).toBe('Fraud scoring, v1 migration');
    expect(warnings).toEqual([expect.stringContaining('tags["cost center"]: is not a valid Kubernetes label')]);
  });
});

describe('model source', () => {
  test('blobfuseEnabled without a blob model warns', () => {
    expect(synth({ blobfuseEnabled: false }).warnings).toEqual([expect.stringContaining('blobfuseEnabled: has no effect')]);
  });

  test('a blob model with blobfuse is mounted read-only through the Blob CSI driver with workload identity', () => {
    const clientId = '00000000-1111-2222-3333-444444444444';
    const { objects } = synth({ namespace: 'ml', model: ModelSource.fromBlobStorage({ storageAccount: 'mlmodels', container: 'fraud', path: 'v3', clientId }) });
    const pv = one(objects, 'PersistentVolume');
    expect(pv.spec.csi.driver).toBe('blob.csi.azure.com');
    expect(pv.spec.csi.volumeAttributes).toEqual({ storageaccount: 'mlmodels', containerName: 'fraud', clientID: clientId });
    expect(pv.spec.accessModes).toEqual(['ReadOnlyMany']);
    expect(one(objects, 'PersistentVolumeClaim').spec.volumeName).toBe(pv.metadata.name);
    expect(one(objects, 'ServiceAccount').metadata.annotations).toEqual({ 'azure.workload.identity/client-id': clientId });
    expect(one(objects, 'Deployment').spec.template.metadata.labels['azure.workload.identity/use']).toBe('true');
    expect(envOf(objects).AZUREML_MODEL_DIR).toBe('/var/azureml-app/azureml-models/v3');
    expect(JSON.stringify(objects)).not.toMatch(/accountKey|AccountKey|azurestorageaccountkey/);
  });

  test('a blob model without blobfuse is downloaded by an init container into an emptyDir', () => {
    const clientId = '00000000-1111-2222-3333-444444444444';
    const { objects } = synth({ blobfuseEnabled: false, model: ModelSource.fromBlobStorage({ storageAccount: 'mlmodels', container: 'fraud', clientId }) });
    expect(objects.filter((o) => o.kind === 'PersistentVolume')).toHaveLength(0);
    const pod = one(objects, 'Deployment').spec.template.spec;
    expect(pod.initContainers).toHaveLength(1);
    expect(pod.initContainers[0].args[0]).toContain('az storage blob download-batch --auth-mode login --account-name "mlmodels"');
    expect(pod.volumes).toContainEqual({ name: 'model', emptyDir: {} });
    expect(pod.initContainers[0].securityContext.allowPrivilegeEscalation).toBe(false);
  });
});

describe('the construct', () => {
  test('exposes the v1 paths, names and the resolved configuration', () => {
    const { ws } = synth({ namespace: 'ml', cpuCores: 0.5 });
    expect(ws.scoringPath).toBe('/api/v1/service/fraud-model/score');
    expect(ws.swaggerPath).toBe('/api/v1/service/fraud-model/swagger.json');
    expect(ws.serviceName).toBe('fraud-model');
    expect(ws.namespace).toBe('ml');
    expect(ws.config.cpuCores).toBe(0.5);
    expect(ws.config.memoryGb).toBe(0.5);
    expect(ws.deployment.kind).toBe('Deployment');
    expect(ws.service.kind).toBe('Service');
  });

  test('invalid props throw one ConfigurationError and add nothing to the tree', () => {
    const chart = newChart();
    let error: unknown;
    try {
      new AksWebserviceConstruct(chart, 'ws', { name: 'X', image: 'not an image', cpuCores: -1, env: { WORKER_COUNT: '3' } } as any);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).problems).toEqual([
      'name must be 3 to 32 characters long (it has 1); received "X".',
      'cpuCores (v1: cpu_cores) must be greater than zero; received -1.',
      'image must be a container image reference such as "myregistry.azurecr.io/repo/name:tag" (lowercase repository, no spaces); received "not an image".',
      'env["WORKER_COUNT"] is set by the library from replicaMaxConcurrentRequests; set that prop instead; received "3".',
    ]);
    expect(chart.node.children).toHaveLength(0);
  });

  test.each([
    ['ab', 'name must be 3 to 32 characters long (it has 2); received "ab".'],
    ['a'.repeat(33), `name must be 3 to 32 characters long (it has 33); received "${'a'.repeat(33)}".`],
    ['1abc', 'name must start with a lowercase letter, contain only lowercase letters, digits and "-", and end with a letter or digit; received "1abc".'],
    ['abc-', 'name must start with a lowercase letter, contain only lowercase letters, digits and "-", and end with a letter or digit; received "abc-".'],
    ['My-Service', 'name must start with a lowercase letter, contain only lowercase letters, digits and "-", and end with a letter or digit; received "My-Service".'],
  ])('service name %p is rejected', (name, message) => {
    expect(() => new AksWebserviceConstruct(newChart(), 'ws', { name, image: IMAGE })).toThrow(message);
  });

  test('synthesis is deterministic', () => {
    const a = JSON.stringify(synth({ tags: { a: 'b' }, gpuCores: 1, numReplicas: 2 }).objects);
    const b = JSON.stringify(synth({ tags: { a: 'b' }, gpuCores: 1, numReplicas: 2 }).objects);
    expect(a).toBe(b);
  });
});
