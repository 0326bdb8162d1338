/**
 * Parity: for the same props, the Kubernetes objects the Pulumi component creates
 * (the inputs of its Kubernetes resources) equal what the cdk8s construct
 * synthesizes, apart from where generated keys come from (cdk8s: the External
 * Secrets Password generator and one ExternalSecret per key; Pulumi: RandomPasswords
 * in the one Secret `<name>-keys`, which the gateway's key auth then references).
 */
import * as pulumi from '@pulumi/pulumi';
import type * as Core from 'aks-ml-constructs';
import type * as Cdk8sModule from 'aks-ml-constructs/cdk8s';
import type * as PulumiModule from 'aks-ml-constructs/pulumi';
import { validateAll } from '../support/schema';
import { newChart, synthObjects } from '../support/synth';
import { captureWarnings } from '../support/warnings';
import { byKey, keyOf, mockPassword, normalize, settle, setupMocks } from './mock-runtime';

const recorder = setupMocks();
const core: typeof Core = require('aks-ml-constructs');
const { AksWebserviceConstruct }: typeof Cdk8sModule = require('aks-ml-constructs/cdk8s');
const { AksWebservice }: typeof PulumiModule = require('aks-ml-constructs/pulumi');
const { AuthKeys, Autoscaler, ModelSource } = core;

const IMAGE = 'myacr.azurecr.io/fraud:1.4.2';
const CLIENT_ID = '00000000-0000-0000-0000-000000000001';

let warn: jest.SpyInstance;
beforeEach(() => {
  warn = jest.spyOn(pulumi.log, 'warn').mockImplementation(async () => undefined);
});
afterEach(() => warn.mockRestore());

function synthCdk8s(props: Core.AksWebserviceProps): { objects: Record<string, any>[]; keySecretNames: string[]; warnings: string[] } {
  const { result } = captureWarnings(() => {
    const chart = newChart();
    const construct = new AksWebserviceConstruct(chart, 'ws', props);
    return { objects: synthObjects(chart), keySecretNames: construct.plan.keySecretNames, warnings: construct.warnings };
  });
  return result;
}

async function deployPulumi(name: string, args: PulumiModule.AksWebserviceArgs) {
  const ws = new AksWebservice(name, args);
  await settle([ws, ...ws.resources]);
  return { ws, objects: recorder.kubeObjects(name) };
}

const GENERATOR_KINDS = new Set(['external-secrets.io/v1/ExternalSecret', 'generators.external-secrets.io/v1alpha1/Password']);

/** Replaces the key Secret references of the gateway's key auth by a marker, after checking them. */
function withKeyRefsMarked(objects: Record<string, any>[], keySecretNames: string[]): Record<string, any>[] {
  return objects.map((o) => {
    const refs = o.spec?.apiKeyAuth?.credentialRefs;
    if (!refs) return o;
    expect(refs.map((r: { name: string }) => r.name)).toEqual(keySecretNames);
    return { ...o, spec: { ...o.spec, apiKeyAuth: { ...o.spec.apiKeyAuth, credentialRefs: '<the key Secrets>' } } };
  });
}

interface Scenario {
  readonly title: string;
  readonly props: Core.AksWebserviceProps;
  /** Keys generated: the key objects differ between the engines. */
  readonly generatedKeys?: boolean;
  /** Kinds the scenario is about (so that the comparison covers them). */
  readonly kinds: string[];
}

const scenarios: Scenario[] = [
  { title: 'defaults in a namespace (generated keys)', props: { name: 'par-default', namespace: 'par-default-ns', image: IMAGE }, generatedKeys: true,
    kinds: ['Namespace', 'Secret', 'ServiceAccount', 'Deployment', 'Service', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'NetworkPolicy', 'HTTPRoute', 'SecurityPolicy'] },
  {
    title: 'explicit keys, fixed replicas, tags, properties, description, gateway host',
    props: {
      name: 'par-explicit',
      namespace: 'par-explicit-ns',
      image: IMAGE,
      primaryKey: 'pk-11111111',
      secondaryKey: 'sk-22222222',
      numReplicas: 3,
      cpuCores: 1.5,
      memoryGb: 2.5,
      tags: { team: 'risk', 'cost center': 'A 1' },
      properties: { owner: 'ml-platform' },
      description: 'Fraud model',
      env: { LOG_LEVEL: 'debug' },
      gateway: { name: 'aks-ml', namespace: 'aks-ml-gateway', hostname: 'ml.example.com' },
    },
    kinds: ['Secret', 'Deployment', 'PodDisruptionBudget', 'HTTPRoute', 'SecurityPolicy'],
  },
  {
    title: 'blob model through blobfuse, GPU, keys from Key Vault',
    props: {
      name: 'par-blobfuse',
      namespace: 'par-blobfuse-ns',
      image: IMAGE,
      model: ModelSource.fromBlobStorage({ storageAccount: 'mlmodels', container: 'models', path: 'fraud/3', clientId: CLIENT_ID }),
      blobfuseEnabled: true,
      gpuCores: 1,
      keys: AuthKeys.fromKeyVault({ secretStore: { name: 'kv' }, primaryKeySecretName: 'fraud-pk', secondaryKeySecretName: 'fraud-sk' }),
    },
    kinds: ['ExternalSecret', 'PersistentVolume', 'PersistentVolumeClaim', 'Deployment'],
  },
  {
    title: 'blob model downloaded, keys from a Secret, no namespace, relaxed security, pull secrets, node selector',
    props: {
      name: 'par-download',
      image: IMAGE,
      model: ModelSource.fromBlobStorage({ storageAccount: 'mlmodels', container: 'models', clientId: CLIENT_ID }),
      blobfuseEnabled: false,
      keys: AuthKeys.fromSecret('existing-keys'),
      restrictedSecurityContext: false,
      imagePullSecrets: ['acr-pull'],
      nodeSelector: { pool: 'scoring' },
      autoscaleMaxReplicas: 1,
    },
    kinds: ['ServiceAccount', 'Deployment', 'SecurityPolicy'],
  },
  {
    title: 'token auth with required app roles and scopes',
    props: {
      name: 'par-token',
      namespace: 'par-token-ns',
      image: IMAGE,
      tokenAuthEnabled: true,
      entraTenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
      entraAudience: 'api://par-token',
      entraRequiredRoles: ['Score.Invoke'],
      entraRequiredScopes: ['user_impersonation'],
    },
    kinds: ['SecurityPolicy', 'BackendTrafficPolicy', 'HTTPRoute'],
  },
  {
    title: 'key auth off, App Insights on',
    props: { name: 'par-nokeys', namespace: 'par-nokeys-ns', image: IMAGE, authEnabled: false, enableAppInsights: true },
    kinds: ['Deployment', 'HTTPRoute'],
  },
  {
    title: 'concurrency autoscaler (KEDA ScaledObject), one key given',
    props: {
      name: 'par-keda',
      namespace: 'par-keda-ns',
      image: IMAGE,
      primaryKey: 'pk-33333333',
      autoscaler: Autoscaler.concurrency({ prometheusServerAddress: 'http://prometheus.monitoring:9090' }),
    },
    generatedKeys: true,
    kinds: ['ScaledObject', 'Secret'],
  },
];

describe.each(scenarios)('parity with cdk8s: $title', ({ props, generatedKeys, kinds }) => {
  test('the same objects (apart from the key source), all schema-valid', async () => {
    const cdk8s = synthCdk8s(props);
    const { ws, objects } = await deployPulumi(`${props.name}-pulumi`, props);
    expect(validateAll(cdk8s.objects)).toBeGreaterThan(0);
    expect(validateAll(objects)).toBe(ws.kubeResources.length);
    expect(ws.kubeResources.every((r) => r.owned)).toBe(true);
    for (const kind of kinds) expect(objects.map((o) => o.kind)).toContain(kind);
    // Same warnings.
    expect(ws.warnings.map((w) => w.replace(/^AksWebservice /, ''))).toEqual(cdk8s.warnings.map((w) => w.replace(/^AksWebservice /, '')));

    if (!generatedKeys) {
      expect(ws.keySecretNames).toEqual(cdk8s.keySecretNames);
      expect(byKey(objects)).toEqual(byKey(cdk8s.objects));
      return;
    }
    // Generated keys: cdk8s has the External Secrets generator objects, Pulumi one Secret with the RandomPasswords' values.
    const keysSecret = `${props.name}-keys`;
    expect(ws.keySecretNames).toEqual([keysSecret]);
    const isPulumiKeySecret = (o: Record<string, any>) => o.kind === 'Secret' && o.metadata.name === keysSecret;
    const isCdk8sKeyObject = (o: Record<string, any>) =>
      GENERATOR_KINDS.has(`${o.apiVersion}/${o.kind}`) || (o.kind === 'Secret' && o.metadata.name === keysSecret);
    const pulumiRest = withKeyRefsMarked(objects.filter((o) => !isPulumiKeySecret(o)), ws.keySecretNames);
    const cdk8sRest = withKeyRefsMarked(cdk8s.objects.filter((o) => !isCdk8sKeyObject(o)), cdk8s.keySecretNames);
    expect(byKey(pulumiRest)).toEqual(byKey(cdk8sRest));

    const secret = objects.find(isPulumiKeySecret)!;
    const generatorLabels = cdk8s.objects.find((o) => GENERATOR_KINDS.has(`${o.apiVersion}/${o.kind}`))!.metadata.labels;
    expect(normalize(secret)).toEqual(normalize({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: keysSecret, namespace: props.namespace, labels: generatorLabels },
      type: 'Opaque',
      stringData: {
        primary: props.primaryKey ?? mockPassword(`${props.name}-pulumi-primary-key`, 32),
        secondary: props.secondaryKey ?? mockPassword(`${props.name}-pulumi-secondary-key`, 32),
      },
    }));
  });
});

test('parity holds with Input-valued image, env values and keys', async () => {
  const props: Core.AksWebserviceProps = {
    name: 'par-inputs',
    namespace: 'ml',
    image: IMAGE,
    env: { A: 'a', B: 'b' },
    primaryKey: 'pk-44444444',
    secondaryKey: 'sk-55555555',
  };
  const cdk8s = synthCdk8s(props);
  const { objects } = await deployPulumi('par-inputs-pulumi', {
    ...props,
    image: pulumi.output(IMAGE),
    env: { A: pulumi.secret('a'), B: Promise.resolve('b') },
    primaryKey: pulumi.secret('pk-44444444'),
    secondaryKey: pulumi.output('sk-55555555'),
  });
  expect(validateAll(objects)).toBe(objects.length);
  expect(byKey(objects)).toEqual(byKey(cdk8s.objects));
  expect(Object.keys(byKey(objects)).sort()).toEqual(cdk8s.objects.map(keyOf).sort());
});
