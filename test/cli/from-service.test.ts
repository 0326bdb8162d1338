/**
 * `aks-ml convert --from-service` and `aks-ml dockerfile` (in-process): each kind of v1
 * service document (the ARM resource from Microsoft's REST spec example, the Model
 * Management GET, serialize() / az ml service show and list) to the same manifests the
 * library plans, schema-valid; bad input refused with one error naming the field and
 * nothing written.
 */
import * as fs from 'fs';
import * as path from 'path';
import { fromV1ServiceDocument, planEndpoint, planWebservice, setWarningHandler } from 'aks-ml-constructs';
import { validateAll } from '../support/schema';
import { cleanTempDirs, expectNoStackTrace, readManifest, runCli, workDir } from './cli-support';

const SERVICE_FIXTURES = path.join(__dirname, '..', 'fixtures', 'v1', 'service');
const json = (x: unknown) => JSON.parse(JSON.stringify(x));

/** A work folder with the service documents; the ARM example's response body as arm.json. */
function dir(): string {
  const d = workDir();
  for (const f of fs.readdirSync(SERVICE_FIXTURES)) fs.copyFileSync(path.join(SERVICE_FIXTURES, f), path.join(d, f));
  const example = JSON.parse(fs.readFileSync(path.join(SERVICE_FIXTURES, 'arm-2021-07-01-get.json'), 'utf8'));
  fs.writeFileSync(path.join(d, 'arm.json'), JSON.stringify(example.responses['200'].body, null, 2));
  return d;
}

function container(docs: Record<string, any>[], name: string): Record<string, any> {
  const dep = docs.find((d) => d.kind === 'Deployment' && d.metadata.name === name)!;
  expect(dep).toBeDefined();
  return dep.spec.template.spec.containers.find((c: any) => c.name === 'scoring') ?? dep.spec.template.spec.containers[0];
}

const envOf = (c: Record<string, any>) => Object.fromEntries((c.env ?? []).filter((e: any) => e.value !== undefined).map((e: any) => [e.name, e.value]));

let restore: ReturnType<typeof setWarningHandler>;
beforeAll(() => {
  restore = setWarningHandler(() => {});
});
afterAll(() => {
  setWarningHandler(restore);
  cleanTempDirs();
});

describe('convert --from-service: the ARM resource (Microsoft\'s REST spec example, 2021-07-01)', () => {
  test('keeps every setting, the model and the v1 path; the image comes from --image', () => {
    const d = dir();
    const r = runCli(['convert', '--from-service', 'arm.json', '--image', 'myregistry.azurecr.io/service123:1', '--out', 'k8s'], d);
    expectNoStackTrace(r.stderr);
    expect(r.status).toBe(0);
    const docs = readManifest(path.join(d, 'k8s', 'service123.k8s.yaml'));
    expect(validateAll(docs)).toBe(docs.length);

    // The same objects the library plans from the same document.
    const conv = fromV1ServiceDocument(fs.readFileSync(path.join(d, 'arm.json'), 'utf8'), { image: 'myregistry.azurecr.io/service123:1' });
    expect(conv.documentKind).toBe('arm');
    const svc = conv.services[0];
    if (svc.kind !== 'webservice') throw new Error('expected a web service');
    expect(docs).toEqual(json(planWebservice(svc.props).objects));

    // Each setting of the example.
    expect(svc.props).toMatchObject({
      name: 'service123', cpuCores: 0.1, memoryGb: 0.5, replicaMaxConcurrentRequests: 1, maxRequestWaitTime: 500,
      computeTargetName: 'my-aks-compute', namespace: 'azureml-workspaces123', numReplicas: 1, autoscaleEnabled: false,
      collectModelData: false, enableAppInsights: true, authEnabled: true, tokenAuthEnabled: false,
      failureThreshold: 3, successThreshold: 1, timeoutSeconds: 120, periodSeconds: 5, initialDelaySeconds: 310,
      entryScript: 'score.py', env: { EXAMPLE_ENV_VAR: 'EXAMPLE_VALUE' },
      properties: { hasInferenceSchema: 'False', hasHttps: 'False' },
    });
    // The autoscaler is off: none of its (null) settings is copied, and no HPA is written.
    expect(svc.props).not.toHaveProperty('autoscaleMinReplicas');
    expect(docs.some((x) => x.kind === 'HorizontalPodAutoscaler' || x.kind === 'ScaledObject')).toBe(false);
    // scoringTimeoutMs is null: the v1 default.
    expect(svc.props).not.toHaveProperty('scoringTimeoutMs');

    const dep = docs.find((x) => x.kind === 'Deployment')!;
    expect(dep.metadata.namespace).toBe('azureml-workspaces123');
    expect(dep.spec.replicas).toBe(1);
    const c = container(docs, 'service123');
    expect(c.image).toBe('myregistry.azurecr.io/service123:1');
    expect(c.resources.requests).toEqual({ cpu: '100m', memory: expect.stringMatching(/^(500M|512Mi|0\.5G)/) });
    expect(c.livenessProbe).toMatchObject({ periodSeconds: 5, timeoutSeconds: 120, failureThreshold: 3, successThreshold: 1 });
    expect(envOf(c)).toMatchObject({ EXAMPLE_ENV_VAR: 'EXAMPLE_VALUE', AZUREML_ENTRY_SCRIPT: 'score.py' });

    // The model: named, with where it is expected and how to mount it.
    expect(svc.models).toEqual([{ name: 'sklearn_regression_model1.pkl', version: 2, id: 'sklearn_regression_model1.pkl:2' }]);
    expect(r.stderr).toContain('"sklearn_regression_model1.pkl:2" is not mounted');
    expect(r.stderr).toContain('--model sklearn_regression_model1.pkl:2=https://<account>.blob.core.windows.net/<container>/<folder>');

    // The v1 path, and the key cut-over step.
    const route = docs.find((x) => x.kind === 'HTTPRoute')!;
    expect(JSON.stringify(route.spec.rules)).toContain('/api/v1/service/service123/score');
    expect(r.stdout).toContain('scoring: POST /api/v1/service/service123/score');
    expect(r.stdout).toContain('az keyvault secret set --vault-name <vault> --name service123-primary-key --value <primaryKey>');
    expect(r.stdout).toContain('the host changes (the gateway\'s), the path /api/v1/service/service123/score does not.');
  });

  test('without --image: one error naming imageDetails.imageLocation, nothing written', () => {
    const d = dir();
    const r = runCli(['convert', '--from-service', 'arm.json', '--out', 'k8s'], d);
    expect(r.status).toBe(1);
    expectNoStackTrace(r.stderr);
    expect(r.stderr.split('\n').filter((l) => l.startsWith('aks-ml: error:'))).toEqual([
      expect.stringContaining('arm.json: properties.imageDetails.imageLocation: web service "service123" has no image'),
    ]);
    expect(r.stderr).toContain('--image service123=IMAGE');
    expect(fs.existsSync(path.join(d, 'k8s'))).toBe(false);
  });

  test('--key-vault-store: the manifests read the v1 keys from Key Vault (AuthKeys.fromKeyVault)', () => {
    const d = dir();
    const r = runCli(['convert', '--from-service', 'arm.json', '--image', 'myregistry.azurecr.io/service123:1', '--key-vault-store', 'azure-kv', '--out', 'k8s'], d);
    expect(r.status).toBe(0);
    const docs = readManifest(path.join(d, 'k8s', 'service123.k8s.yaml'));
    expect(validateAll(docs)).toBe(docs.length);
    const secrets = docs.filter((x) => x.kind === 'ExternalSecret');
    expect(secrets.length).toBeGreaterThan(0);
    for (const s of secrets) expect(s.spec.secretStoreRef).toEqual({ kind: 'ClusterSecretStore', name: 'azure-kv' });
    expect(JSON.stringify(secrets)).toContain('service123-secondary-key');
    expect(JSON.stringify(secrets)).toContain('service123-primary-key');
    expect(docs.some((x) => x.kind === 'Password')).toBe(false);
    expect(r.stdout).toContain('the same "Authorization: Bearer <key>" works');
  });
});

describe('convert --from-service: the Model Management GET', () => {
  test('an image-based service: the image, autoscaler, limits, tags; not Healthy warns', () => {
    const d = dir();
    const r = runCli(['convert', '--from-service', 'mms-aks-image.json', '--out', 'k8s'], d);
    expectNoStackTrace(r.stderr);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('aks-ml: warning: mms-aks-image.json: state: is "Unhealthy", not "Healthy" (error: Container has crashed 3 times)');
    const docs = readManifest(path.join(d, 'k8s', 'fraud-model.k8s.yaml'));
    expect(validateAll(docs)).toBe(docs.length);
    const c = container(docs, 'fraud-model');
    expect(c.image).toBe('myregistry.azurecr.io/fraud-model-image:4');
    expect(c.resources.requests.cpu).toBe('1500m');
    expect(c.resources.limits.cpu).toBe('2000m');
    const hpa = docs.find((x) => x.kind === 'HorizontalPodAutoscaler')!;
    expect(hpa.spec).toMatchObject({ minReplicas: 2, maxReplicas: 8 });
    expect(JSON.stringify(hpa.spec.metrics)).toContain('60');
    const dep = docs.find((x) => x.kind === 'Deployment')!;
    expect(dep.metadata.namespace).toBe('ml-prod');
    expect(dep.metadata.annotations['aks-ml-constructs.io/description']).toBe('Fraud scoring, gradient boosting');
    expect(JSON.stringify(dep.metadata)).toContain('cost-center');
    const conv = fromV1ServiceDocument(fs.readFileSync(path.join(d, 'mms-aks-image.json'), 'utf8'));
    expect(conv.documentKind).toBe('model-management');
    const svc = conv.services[0];
    if (svc.kind !== 'webservice') throw new Error('expected a web service');
    // numReplicas is the current count while the autoscaler is on: not copied.
    expect(svc.props).not.toHaveProperty('numReplicas');
    expect(svc.props).toMatchObject({ autoscaleRefreshSeconds: 5, scoringTimeoutMs: 30000, maxRequestWaitTime: 1500, replicaMaxConcurrentRequests: 4, memoryGbLimit: 6, collectModelData: true });
    expect(docs).toEqual(json(planWebservice(svc.props).objects));
  });

  test('an endpoint with two versions: their images and the traffic split', () => {
    const d = dir();
    const r = runCli(['convert', '--from-service', 'mms-endpoint.json', '--out', 'k8s'], d);
    expectNoStackTrace(r.stderr);
    expect(r.status).toBe(0);
    const docs = readManifest(path.join(d, 'k8s', 'churn-endpoint.k8s.yaml'));
    expect(validateAll(docs)).toBe(docs.length);
    expect(container(docs, 'churn-endpoint-churn-v1').image).toBe('myregistry.azurecr.io/churn:1');
    expect(container(docs, 'churn-endpoint-churn-v2').image).toBe('myregistry.azurecr.io/churn:2');
    expect(r.stdout).toContain('version churn-v1: 80% of the traffic, default, control');
    expect(r.stdout).toContain('version churn-v2: 20% of the traffic, treatment');
    expect(r.stdout).toContain('scoring: POST /api/v1/service/churn-endpoint/score');
    const conv = fromV1ServiceDocument(fs.readFileSync(path.join(d, 'mms-endpoint.json'), 'utf8'));
    const ep = conv.services[0];
    if (ep.kind !== 'endpoint') throw new Error('expected an endpoint');
    expect(ep.props.versions.map((v) => [v.versionName, v.trafficPercentile, v.isDefault, v.versionType, v.image])).toEqual([
      ['churn-v1', 80, true, 'Control', 'myregistry.azurecr.io/churn:1'],
      ['churn-v2', 20, false, 'Treatment', 'myregistry.azurecr.io/churn:2'],
    ]);
    expect(ep.props.versions[0]).toMatchObject({ numReplicas: 2, autoscaleEnabled: false, tags: { team: 'growth' }, description: 'Churn A/B test' });
    expect(ep.props.versions[1]).toMatchObject({ autoscaleEnabled: true, autoscaleMaxReplicas: 4 });
    expect(ep.props).toMatchObject({ namespace: 'ml-churn', authEnabled: true, enableAppInsights: false });
    expect(docs).toEqual(json(planEndpoint(ep.props).objects));
    // The HTTPRoute splits by the versions' weights.
    const weights = docs.filter((x) => x.kind === 'HTTPRoute').flatMap((x) => x.spec.rules.flatMap((rule: any) => (rule.backendRefs ?? []).map((b: any) => b.weight)));
    expect(weights).toEqual(expect.arrayContaining([80, 20]));
  });
});

describe('convert --from-service: serialize() and az ml service list', () => {
  test('serialize(): tags, environmentDetails and modelDetails; token auth needs the Entra options', () => {
    const d = dir();
    const r = runCli(['convert', '--from-service', 'serialize-aks.json', '--image', 'myregistry.azurecr.io/iris:3', '--entra-tenant-id', '72f988bf-86f1-41af-91ab-2d7cd011db47', '--entra-audience', 'api://iris', '--out', 'k8s'], d);
    expectNoStackTrace(r.stderr);
    expect(r.status).toBe(0);
    const docs = readManifest(path.join(d, 'k8s', 'iris-svc.k8s.yaml'));
    expect(validateAll(docs)).toBe(docs.length);
    const conv = fromV1ServiceDocument(fs.readFileSync(path.join(d, 'serialize-aks.json'), 'utf8'), { image: 'myregistry.azurecr.io/iris:3' });
    expect(conv.documentKind).toBe('serialize');
    const svc = conv.services[0];
    if (svc.kind !== 'webservice') throw new Error('expected a web service');
    expect(svc.props).toMatchObject({ tags: { framework: 'sklearn' }, tokenAuthEnabled: true, authEnabled: false, env: { IRIS_THRESHOLD: '0.4' }, cpuCores: 0.25 });
    expect(svc.models.map((m) => m.id)).toEqual(['iris:3']);
    expect(r.stderr).toContain('environmentImageRequest.driverProgram: is not in the document');
    expect(r.stdout).toContain('token auth: clients get Microsoft Entra ID tokens');
  });

  test('a list: one file per service', () => {
    const d = dir();
    const r = runCli(['convert', '--from-service', 'az-service-list.json', '--out', 'k8s'], d);
    expectNoStackTrace(r.stderr);
    expect(r.status).toBe(0);
    expect(fs.readdirSync(path.join(d, 'k8s')).sort()).toEqual(['svc-a.k8s.yaml', 'svc-b.k8s.yaml']);
    const b = readManifest(path.join(d, 'k8s', 'svc-b.k8s.yaml'));
    expect(validateAll(b)).toBe(b.length);
    expect(container(b, 'svc-b').resources.limits['nvidia.com/gpu']).toBe('1');
    const a = readManifest(path.join(d, 'k8s', 'svc-a.k8s.yaml'));
    expect(a.find((x) => x.kind === 'Deployment')!.spec.replicas).toBe(2);
  });

  test('an ARM value[] list with an ACI service: refused as a whole', () => {
    const d = dir();
    const body = JSON.parse(fs.readFileSync(path.join(d, 'arm.json'), 'utf8'));
    const aci = { name: 'service456', type: 'Microsoft.MachineLearningServices/workspaces/services', properties: { computeType: 'ACI', state: 'Healthy' } };
    fs.writeFileSync(path.join(d, 'list.json'), JSON.stringify({ value: [body, aci] }));
    const r = runCli(['convert', '--from-service', 'list.json', '--image', 'x.azurecr.io/y:1', '--out', 'k8s'], d);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('list.json: value[1].properties.computeType: "service456" is "ACI", a service on Azure Container Instances, not on AKS');
    expect(fs.existsSync(path.join(d, 'k8s'))).toBe(false);
  });
});

describe('convert --from-service: bad input', () => {
  test('an ACI service is refused with nothing written', () => {
    const d = dir();
    const r = runCli(['convert', '--from-service', 'aci.json', '--out', 'k8s'], d);
    expect(r.status).toBe(1);
    expectNoStackTrace(r.stderr);
    expect(r.stderr).toBe('aks-ml: error: aci.json: computeType: "quick-test" is "ACI", a service on Azure Container Instances, not on AKS: only AKS services (computeType AKS) and AKS endpoints (AKSENDPOINT) are converted.\n');
    expect(fs.existsSync(path.join(d, 'k8s'))).toBe(false);
  });

  test('a local service, an unknown document, a version without an image', () => {
    const d = dir();
    fs.writeFileSync(path.join(d, 'local.json'), JSON.stringify({ name: 'dev', computeType: 'Local', port: 6789 }));
    fs.writeFileSync(path.join(d, 'unknown.json'), JSON.stringify({ hello: 'world' }));
    const local = runCli(['convert', '--from-service', 'local.json', '--out', 'k8s'], d);
    expect(local.status).toBe(1);
    expect(local.stderr).toContain('computeType: "dev" is "Local", a service on a local Docker container');
    const unknown = runCli(['convert', '--from-service', 'unknown.json', '--out', 'k8s'], d);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('aks-ml: error: unknown.json: computeType: not a v1 service document');
    const variants = runCli(['convert', '--from-service', 'endpoint-variants-no-image.json', '--out', 'k8s'], d);
    expect(variants.status).toBe(1);
    expect(variants.stderr.split('\n').filter((l) => l.startsWith('aks-ml: error:'))).toEqual([
      expect.stringContaining('endpoint-variants-no-image.json: variants[1].imageDetails.imageLocation: version "ranker-b" has no image'),
    ]);
    for (const r of [local, unknown, variants]) expectNoStackTrace(r.stderr);
    expect(fs.existsSync(path.join(d, 'k8s'))).toBe(false);
    // With the image of the version, the variants array converts.
    const ok = runCli(['convert', '--from-service', 'endpoint-variants-no-image.json', '--image', 'ranker-b=myregistry.azurecr.io/ranker:b', '--out', 'k8s'], d);
    expect(ok.status).toBe(0);
    const docs = readManifest(path.join(d, 'k8s', 'ranker.k8s.yaml'));
    expect(validateAll(docs)).toBe(docs.length);
    expect(container(docs, 'ranker-ranker-b').image).toBe('myregistry.azurecr.io/ranker:b');
    expect(envOf(container(docs, 'ranker-ranker-b')).AZUREML_ENTRY_SCRIPT).toBe('rank.py');
  });

  test('--from-service with --deploy-config, or --model without --client-id: usage errors', () => {
    const d = dir();
    const both = runCli(['convert', '--from-service', 'arm.json', '--deploy-config', 'webservice.json'], d);
    expect(both.status).toBe(2);
    expect(both.stderr).toContain('--from-service reads everything from the service document: leave out --deploy-config');
    const model = runCli(['convert', '--from-service', 'arm.json', '--image', 'x.azurecr.io/y:1', '--model', 'sklearn_regression_model1.pkl:2=https://acct.blob.core.windows.net/azureml/LocalUpload/abc'], d);
    expect(model.status).toBe(2);
    expect(model.stderr).toContain('--model needs --client-id');
    const other = runCli(['convert', '--from-service', 'arm.json', '--image', 'x.azurecr.io/y:1', '--client-id', '00000000-0000-0000-0000-000000000001', '--model', 'other:1=https://acct.blob.core.windows.net/azureml/m'], d);
    expect(other.status).toBe(1);
    expect(other.stderr).toContain('models: "other:1" is not a model of the document\'s services (they run sklearn_regression_model1.pkl:2)');
  });
});

describe('aks-ml dockerfile', () => {
  test('the ARM example: an inference base image, the conda file, the env vars, the sources; az acr build', () => {
    const d = dir();
    const r = runCli(['dockerfile', '--from-service', 'arm.json', '--out', 'docker'], d);
    expectNoStackTrace(r.stderr);
    expect(r.status).toBe(0);
    const df = fs.readFileSync(path.join(d, 'docker', 'service123', 'Dockerfile'), 'utf8');
    expect(df).toMatch(/^ARG BASE_IMAGE=mcr\.microsoft\.com\/azureml\/[a-z0-9.-]+-inference:\d{8}\.v\d+$/m);
    expect(df).toContain('FROM ${BASE_IMAGE}');
    expect(df).toContain('COPY conda_dependencies.yml /tmp/conda_dependencies.yml');
    expect(df).toContain('ENV EXAMPLE_ENV_VAR="EXAMPLE_VALUE"');
    expect(df).toContain('COPY source/ /var/azureml-app/');
    expect(df).toContain('score.py');
    const conda = fs.readFileSync(path.join(d, 'docker', 'service123', 'conda_dependencies.yml'), 'utf8');
    expect(conda).toContain('scikit-learn==0.20.3');
    expect(r.stderr).toContain('environment.docker.baseImage: "mcr.microsoft.com/azureml/base:openmpi3.1.2-ubuntu16.04" is a training base image');
    expect(r.stdout).toContain(`az acr build --registry <registry> --image service123:<tag> ${path.join('docker', 'service123')}`);
    expect(r.stdout).toContain('aks-ml convert --from-service arm.json --image service123=<registry>.azurecr.io/service123:<tag>');
    // Run again: its own files are replaced; a Dockerfile of someone else's is left alone.
    expect(runCli(['dockerfile', '--from-service', 'arm.json', '--out', 'docker'], d).status).toBe(0);
    fs.writeFileSync(path.join(d, 'docker', 'service123', 'Dockerfile'), 'FROM scratch\n');
    const again = runCli(['dockerfile', '--from-service', 'arm.json', '--out', 'docker'], d);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('exists and was not written by aks-ml dockerfile');
    expect(fs.readFileSync(path.join(d, 'docker', 'service123', 'Dockerfile'), 'utf8')).toBe('FROM scratch\n');
  });

  test('an image-based service has no environment: refused, nothing written', () => {
    const d = dir();
    const r = runCli(['dockerfile', '--from-service', 'mms-aks-image.json', '--out', 'docker'], d);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('"fraud-model" has no environment in the document');
    expect(fs.existsSync(path.join(d, 'docker'))).toBe(false);
  });
});
