/**
 * `aks-ml convert` (in-process; the first test also runs the binary): the files it writes hold the objects the core
 * plans, valid against their schemas, byte for byte what `cdk8s synth` writes for the
 * same props; the output folder is only ever touched for the files written.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { AksEndpointConstruct, AksWebserviceConstruct } from 'aks-ml-constructs/cdk8s';
import { AksEndpointProps, AksWebserviceProps, EnvoyGateway, loadDeploymentConfig, planEndpoint, planWebservice, setWarningHandler } from 'aks-ml-constructs';
import { validateAll } from '../support/schema';
import { cleanTempDirs, expectNoStackTrace, linesStartingWith, readManifest, runCli, runCliProcessAndCompare, workDir } from './cli-support';

const IMAGE = 'myregistry.azurecr.io/fraud/scoring:1.4.2';

/** What `cdk8s synth` writes for one construct in a chart named `name`. */
function cdk8sSynth(name: string, add: (chart: Chart) => void): string {
  const outdir = fs.mkdtempSync(path.join(workDir(), 'cdk8s-'));
  const app = new App({ outdir });
  add(new Chart(app, name));
  app.synth();
  return fs.readFileSync(path.join(outdir, `${name}.k8s.yaml`), 'utf8');
}

/** Plain JSON (no undefined), for comparing with parsed YAML. */
const json = (x: unknown) => JSON.parse(JSON.stringify(x));

let restore: ReturnType<typeof setWarningHandler>;
beforeAll(() => {
  restore = setWarningHandler(() => {});
});
afterAll(() => {
  setWarningHandler(restore);
  cleanTempDirs();
});

describe('aks-ml convert: a web service', () => {
  test('writes <name>.k8s.yaml: the planned objects, schema-valid, identical to cdk8s synth', () => {
    const dir = workDir();
    const before = fs.readdirSync(dir).sort();
    // The binary, as a process (and the same result in-process).
    const r = runCliProcessAndCompare(['convert', '--deploy-config', 'webservice.json', '--name', 'fraud-model', '--image', IMAGE, '--out', 'k8s'], dir);
    expect(r.stderr).toBe(
      'aks-ml: warning: webservice.json: sslEnabled: is an ACI setting that v1 ignored for AKS; it has no effect here: ' +
        'TLS is configured on the gateway in front of the services (the Gateway API listener), not per web service.\n' +
        // The file turns on data collection without App Insights: the server would record nothing.
        'aks-ml: warning: webservice.json: dataCollection.storageEnabled: collects nothing: the Azure ML inference server records model ' +
        'inputs and predictions only to Application Insights (traces, message "model_data_collection"), and enableAppInsights is off; ' +
        'turn on enableAppInsights.\n' +
        // The file sets maxConcurrentRequestsPerContainer: how the gateway approximates it.
        `aks-ml: warning: webservice.json: maxConcurrentRequestsPerContainer: ${new EnvoyGateway().approximations.replicaMaxConcurrentRequests}\n`,
    );
    expect(r.status).toBe(0);
    expect(fs.readdirSync(path.join(dir, 'k8s'))).toEqual(['fraud-model.k8s.yaml']);
    // No temporary folder is left behind.
    expect(fs.readdirSync(dir).sort()).toEqual([...before, 'k8s'].sort());

    const file = path.join(dir, 'k8s', 'fraud-model.k8s.yaml');
    const docs = readManifest(file);
    const props: AksWebserviceProps = {
      ...loadDeploymentConfig(fs.readFileSync(path.join(dir, 'webservice.json'), 'utf8')).props,
      name: 'fraud-model',
      image: IMAGE,
    };
    const plan = planWebservice(props);
    expect(docs).toEqual(json(plan.objects));
    expect(docs.map((d) => `${d.kind}/${d.metadata.name}`)).toEqual(plan.objects.map((o) => `${o.kind}/${o.metadata.name}`));
    expect(validateAll(docs)).toBe(plan.objects.length);
    expect(fs.readFileSync(file, 'utf8')).toBe(cdk8sSynth('fraud-model', (chart) => new AksWebserviceConstruct(chart, 'fraud-model', props)));

    // What it wrote, on stdout.
    expect(r.stdout).toContain(`wrote ${path.join('k8s', 'fraud-model.k8s.yaml')}: web service "fraud-model" from webservice.json, ${docs.length} objects\n`);
    for (const d of docs) expect(r.stdout).toContain(`  ${d.kind} ${d.metadata.namespace ? `${d.metadata.namespace}/` : ''}${d.metadata.name}\n`);
    expect(r.stdout).toContain('scoring: POST /api/v1/service/fraud-model/score');
  });

  test('the image and entry script from the inference config; --namespace, --gateway and --hostname', () => {
    const dir = workDir();
    const r = runCli(
      [
        'convert',
        '--deploy-config', 'webservice.json',
        '--inference-config', 'inference.yml',
        '--name', 'fraud-model',
        '--namespace', 'fraud',
        '--gateway', 'gateways/public',
        '--hostname', 'ml.example.com',
        '--out', 'out/k8s',
      ],
      dir,
    );
    expect(r.status).toBe(0);
    expect(linesStartingWith(r.stderr, 'aks-ml: warning: webservice.json: namespace: "ml-scoring" is replaced by --namespace "fraud".')).toHaveLength(1);
    expect(linesStartingWith(r.stderr, 'aks-ml: warning: inference.yml: baseImage: ')).toHaveLength(1);
    expect(linesStartingWith(r.stderr, 'aks-ml: error:')).toEqual([]);

    const docs = readManifest(path.join(dir, 'out', 'k8s', 'fraud-model.k8s.yaml'));
    const props: AksWebserviceProps = {
      ...loadDeploymentConfig(fs.readFileSync(path.join(dir, 'webservice.json'), 'utf8')).props,
      name: 'fraud-model',
      namespace: 'fraud',
      image: IMAGE,
      entryScript: 'score.py',
      gateway: { namespace: 'gateways', name: 'public', hostname: 'ml.example.com' },
    };
    expect(docs).toEqual(json(planWebservice(props).objects));
    validateAll(docs);
    const deployment = docs.find((d) => d.kind === 'Deployment')!;
    expect(deployment.spec.template.spec.containers[0].image).toBe(IMAGE);
    expect(deployment.spec.template.spec.containers[0].env).toContainEqual({ name: 'AZUREML_ENTRY_SCRIPT', value: 'score.py' });
    expect(docs.every((d) => d.kind === 'Namespace' || d.metadata.namespace === 'fraud')).toBe(true);
    const route = docs.find((d) => d.kind === 'HTTPRoute')!;
    expect(route.spec.parentRefs[0]).toMatchObject({ name: 'public', namespace: 'gateways' });
    expect(route.spec.hostnames).toEqual(['ml.example.com']);
    expect(r.stdout).toContain('scoring: POST https://ml.example.com/api/v1/service/fraud-model/score');
  });
});

describe('aks-ml convert: an aml-deploy action file (issue 13)', () => {
  // The action's main.py built its InferenceConfig from runtime, inference_entry_script and
  // inference_source_directory: the container's entry script comes from them.
  test('runtime and the inference keys are read: the entry script of the container', () => {
    const dir = workDir();
    fs.writeFileSync(path.join(dir, 'aml.json'), JSON.stringify({
      name: 'iris-service', runtime: 'python', inference_source_directory: 'code/deploy/', inference_entry_script: 'scoring/score.py',
      deployment_compute_target: 'aks-prod', cpu_cores: 0.5,
    }));
    const r = runCli(['convert', '--deploy-config', 'aml.json', '--image', IMAGE, '--out', 'out'], dir);
    expect(linesStartingWith(r.stderr, 'aks-ml: error:')).toEqual([]);
    expect(r.status).toBe(0);
    const docs = readManifest(path.join(dir, 'out', 'iris-service.k8s.yaml'));
    validateAll(docs);
    const deployment = docs.find((d) => d.kind === 'Deployment')!;
    expect(deployment.spec.template.spec.containers[0].env).toContainEqual({ name: 'AZUREML_ENTRY_SCRIPT', value: 'scoring/score.py' });
  });
});

describe('aks-ml convert: the output folder', () => {
  test('files it did not write are left alone; its own earlier output is replaced', () => {
    const dir = workDir();
    const out = path.join(dir, 'k8s');
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(out, 'kustomization.yaml'), 'resources: [fraud-model.k8s.yaml]\n');
    // An earlier run (another image).
    fs.writeFileSync(
      path.join(out, 'fraud-model.k8s.yaml'),
      'apiVersion: v1\nkind: Service\nmetadata:\n  labels:\n    app.kubernetes.io/managed-by: aks-ml-constructs\n  name: fraud-model\n',
    );
    const r = runCli(['convert', '--deploy-config', 'webservice.json', '--name', 'fraud-model', '--image', IMAGE, '--out', 'k8s'], dir);
    expect(r.status).toBe(0);
    expect(fs.readdirSync(out).sort()).toEqual(['fraud-model.k8s.yaml', 'kustomization.yaml']);
    expect(fs.readFileSync(path.join(out, 'kustomization.yaml'), 'utf8')).toBe('resources: [fraud-model.k8s.yaml]\n');
    expect(readManifest(path.join(out, 'fraud-model.k8s.yaml')).find((d) => d.kind === 'Deployment')).toBeDefined();
    expect(fs.readdirSync(dir).filter((f) => f.includes('aks-ml-'))).toEqual([]);
  });

  test('a file of the same name that aks-ml did not write is never overwritten', () => {
    const dir = workDir();
    const out = path.join(dir, 'k8s');
    fs.mkdirSync(out);
    const foreign = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: hand-written\n';
    fs.writeFileSync(path.join(out, 'fraud-model.k8s.yaml'), foreign);
    const r = runCli(['convert', '--deploy-config', 'webservice.json', '--name', 'fraud-model', '--image', IMAGE, '--out', 'k8s'], dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`aks-ml: error: "${path.join('k8s', 'fraud-model.k8s.yaml')}" exists and was not written by aks-ml`);
    expect(r.stdout).toBe('');
    expectNoStackTrace(r.stderr);
    expect(fs.readFileSync(path.join(out, 'fraud-model.k8s.yaml'), 'utf8')).toBe(foreign);
    expect(fs.readdirSync(out)).toEqual(['fraud-model.k8s.yaml']);
    expect(fs.readdirSync(dir).filter((f) => f.includes('aks-ml-'))).toEqual([]);
  });
});

describe('aks-ml convert: an endpoint from several AKSENDPOINT files', () => {
  test('one <endpoint>.k8s.yaml with a version per file, identical to cdk8s synth of AksEndpointConstruct', () => {
    const dir = workDir();
    const r = runCli(
      [
        'convert',
        '--deploy-config', 'endpoint-control.yml',
        '--deploy-config', 'endpoint-candidate.json',
        '--name', 'churn',
        '--image', 'myacr.azurecr.io/churn:1.0',
        '--image', 'myacr.azurecr.io/churn:1.1',
      ],
      dir,
    );
    // The default version serves the endpoint's Swagger, with the endpoint's paths.
    expect(r.stderr).toBe(
      "aks-ml: warning: endpoint-control.yml: isDefault: makes control serve the endpoint's swagger.json, so its generated Swagger lists " +
        "the endpoint's paths (/api/v1/service/churn/score, where 30% of calls go to other versions), also at its own " +
        '/api/v1/service/churn/versions/control/swagger.json. To call this version only, use /api/v1/service/churn/versions/control/score ' +
        'or the header azureml-model-deployment: control. Changing the default version restarts the pods of the old and the new default ' +
        '(their SERVICE_PATH_PREFIX changes).\n',
    );
    expect(r.status).toBe(0);
    expect(fs.readdirSync(path.join(dir, 'dist'))).toEqual(['churn.k8s.yaml']);
    // The props, written out by hand: the files map to these.
    const props: AksEndpointProps = {
      name: 'churn',
      namespace: 'churn',
      authEnabled: true,
      versions: [
        {
          versionName: 'control',
          trafficPercentile: 70,
          isDefault: true,
          versionType: 'Control',
          autoscaleMaxReplicas: 3,
          cpuCores: 0.5,
          memoryGb: 1,
          image: 'myacr.azurecr.io/churn:1.0',
        },
        {
          versionName: 'candidate',
          trafficPercentile: 30,
          versionType: 'Treatment',
          numReplicas: 2,
          cpuCores: 1,
          memoryGb: 2,
          image: 'myacr.azurecr.io/churn:1.1',
        },
      ],
    };
    const file = path.join(dir, 'dist', 'churn.k8s.yaml');
    const docs = readManifest(file);
    const plan = planEndpoint(props);
    expect(docs).toEqual(json(plan.objects));
    expect(validateAll(docs)).toBe(plan.objects.length);
    expect(fs.readFileSync(file, 'utf8')).toBe(cdk8sSynth('churn', (chart) => new AksEndpointConstruct(chart, 'churn', props)));
    const route = docs.find((d) => d.kind === 'HTTPRoute' && d.metadata.name === 'churn')!;
    expect(route.spec.rules[0].backendRefs.map((b: any) => [b.name, b.weight])).toEqual([
      ['churn-control', 70],
      ['churn-candidate', 30],
    ]);
    expect(r.stdout).toContain('version control: 70% of the traffic, default, control');
    expect(r.stdout).toContain('version candidate: 30% of the traffic, treatment');
  });
});

describe('aks-ml convert: the command line (issue 13)', () => {
  test('--name replaces an invalid name from the file (with a warning)', () => {
    const dir = workDir();
    fs.writeFileSync(path.join(dir, 'aml.json'), JSON.stringify({ name: 'Iris_Service', cpu_cores: 0.5, deployment_compute_target: 'aks' }));
    const r = runCli(['convert', '--deploy-config', 'aml.json', '--name', 'iris-service', '--image', IMAGE, '--out', 'out'], dir);
    expect(linesStartingWith(r.stderr, 'aks-ml: error:')).toEqual([]);
    expect(r.status).toBe(0);
    expect(linesStartingWith(r.stderr, 'aks-ml: warning: aml.json: name: "Iris_Service" is replaced by --name "iris-service".')).toHaveLength(1);
    validateAll(readManifest(path.join(dir, 'out', 'iris-service.k8s.yaml')));
  });

  test('every problem in one run: a missing --name and a missing --image together', () => {
    const dir = workDir();
    const r = runCli(['convert', '--deploy-config', 'webservice.json', '--out', 'out'], dir);
    expect(r.status).not.toBe(0);
    const errors = linesStartingWith(r.stderr, 'aks-ml: error:');
    expect(errors.some((l) => l.includes('no image to run'))).toBe(true);
    expect(errors.some((l) => l.includes('--name is required'))).toBe(true);
    expect(fs.existsSync(path.join(dir, 'out'))).toBe(false);
  });

  test('--autoscaler concurrency with --prometheus-address: a KEDA ScaledObject that honours targetUtilization', () => {
    const dir = workDir();
    const r = runCli(['convert', '--deploy-config', 'webservice.json', '--name', 'fraud-model', '--image', IMAGE, '--autoscaler', 'concurrency',
      '--prometheus-address', 'http://prometheus-operated.monitoring.svc:9090', '--out', 'out'], dir);
    expect(linesStartingWith(r.stderr, 'aks-ml: error:')).toEqual([]);
    expect(r.status).toBe(0);
    const docs = readManifest(path.join(dir, 'out', 'fraud-model.k8s.yaml'));
    validateAll(docs);
    expect(docs.map((d) => d.kind)).toContain('ScaledObject');
    expect(docs.map((d) => d.kind)).not.toContain('HorizontalPodAutoscaler');
    expect(JSON.stringify(docs.find((d) => d.kind === 'ScaledObject'))).toContain('http://prometheus-operated.monitoring.svc:9090');
    const missing = runCli(['convert', '--deploy-config', 'webservice.json', '--name', 'fraud-model', '--image', IMAGE, '--autoscaler', 'concurrency'], dir);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('--autoscaler concurrency needs --prometheus-address URL');
  });
});
