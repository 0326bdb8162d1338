/**
 * Parity: for the same props, the Kubernetes objects the Pulumi component creates
 * (the inputs of its Kubernetes resources) equal what the cdk8s construct
 * synthesizes, apart from where generated keys come from (cdk8s: the External
 * Secrets Password generator and one ExternalSecret per key; Pulumi: RandomPasswords
 * in the one Secret `<name>-keys`, which the gateway's key auth then references).
 */
import * as fs from 'fs';
import * as path from 'path';
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

/** The props of the one web service of a v1 service document fixture. */
function fromServiceDocument(file: string): Core.AksWebserviceProps {
  const text = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'v1', 'service', file), 'utf8');
  const svc = core.fromV1ServiceDocument(text, { source: file }).services[0];
  if (svc.kind !== 'webservice') throw new Error(`${file}: not a web service`);
  return svc.props;
}
const CLIENT_ID = '00000000-0000-0000-0000-000000000001';
const TENANT_ID = '00000000-0000-0000-0000-0000000000aa';

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
    title: 'an existing workload identity for the blob model and the Key Vault store the library creates',
    props: {
      name: 'par-identity',
      namespace: 'par-identity-ns',
      image: IMAGE,
      model: ModelSource.fromBlobStorage({ storageAccount: 'mlmodels', container: 'models', identity: core.WorkloadIdentity.fromClientId(CLIENT_ID, { tenantId: TENANT_ID }) }),
      keys: AuthKeys.fromKeyVault({
        secretStore: { name: 'par-identity-kv', kind: 'SecretStore' },
        primaryKeySecretName: 'fraud-pk',
        secondaryKeySecretName: 'fraud-sk',
        identity: core.WorkloadIdentity.fromClientId(CLIENT_ID, { tenantId: TENANT_ID }),
        keyVault: { name: 'ml-vault' },
      }),
    },
    kinds: ['ServiceAccount', 'SecretStore', 'ExternalSecret', 'PersistentVolume', 'Deployment'],
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
    title: 'network opt-ins (health-check pods, instance metadata), pinned Pod Security, Gateway Namespace Mode',
    props: {
      name: 'par-network',
      namespace: 'par-network-ns',
      image: IMAGE,
      allowHealthCheckPods: true,
      allowInstanceMetadata: true,
      kubernetesVersion: '1.31.4',
      gateway: { name: 'edge', implementation: new core.EnvoyGateway({ gatewayNamespaceMode: true }) },
    },
    generatedKeys: true,
    kinds: ['Namespace', 'NetworkPolicy'],
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
  {
    title: 'a running v1 service (Model Management GET, fromV1ServiceDocument), keys from Key Vault',
    props: {
      ...fromServiceDocument('mms-aks-image.json'),
      keys: AuthKeys.fromKeyVault({ secretStore: { name: 'kv' }, primaryKeySecretName: 'fraud-model-primary-key', secondaryKeySecretName: 'fraud-model-secondary-key' }),
    },
    kinds: ['Namespace', 'ExternalSecret', 'Deployment', 'HorizontalPodAutoscaler', 'HTTPRoute', 'BackendTrafficPolicy'],
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

test('a created identity: the same objects apart from where the identity comes from (cdk8s: ASO objects and their Secret; Pulumi: azure-native resources and annotations)', async () => {
  const SUB = '00000000-1111-2222-3333-444444444444';
  const identity = core.WorkloadIdentity.create({ subscriptionId: SUB, resourceGroupName: 'ml-rg', location: 'westeurope', oidcIssuerUrl: 'https://issuer.example/' });
  const props: Core.AksWebserviceProps = {
    name: 'par-created',
    namespace: 'par-created-ns',
    image: IMAGE,
    model: ModelSource.fromBlobStorage({ storageAccount: 'mlmodels', container: 'models', resourceGroup: 'data-rg', identity }),
    blobfuseEnabled: false,
    keys: AuthKeys.fromKeyVault({ secretStore: { name: 'par-created-kv', kind: 'SecretStore' }, primaryKeySecretName: 'pk', secondaryKeySecretName: 'sk', identity, keyVault: { name: 'ml-vault', resourceGroupName: 'sec-rg' } }),
  };
  const cdk8s = synthCdk8s(props);
  const { ws, objects } = await deployPulumi('par-created-pulumi', props);
  expect(validateAll(cdk8s.objects)).toBe(cdk8s.objects.length);
  expect(validateAll(objects)).toBe(objects.length);
  const ASO = new Set(['UserAssignedIdentity', 'FederatedIdentityCredential', 'RoleAssignment']);
  const IDENTITY_BOUND = new Set(['ServiceAccount', 'SecretStore', 'Deployment']);
  const rest = (list: Record<string, any>[]) => byKey(list.filter((o) => !ASO.has(o.kind) && !IDENTITY_BOUND.has(o.kind)));
  expect(rest(objects)).toEqual(rest(cdk8s.objects));
  expect(cdk8s.objects.filter((o) => ASO.has(o.kind)).map((o) => o.kind)).toEqual(['UserAssignedIdentity', 'FederatedIdentityCredential', 'RoleAssignment', 'RoleAssignment']);
  expect(objects.filter((o) => ASO.has(o.kind))).toEqual([]);
  // The role assignments carry the same stable names in both engines.
  const names = (list: readonly { name: string }[]) => list.map((r) => r.name).sort();
  const cdk8sNames = cdk8s.objects.filter((o) => o.kind === 'RoleAssignment').map((o) => ({ name: o.spec.azureName }));
  expect(ws.workloadIdentity!.roleAssignments).toHaveLength(2);
  const recorded = recorder.of('par-created-pulumi').filter((r) => r.type === 'azure-native:authorization:RoleAssignment').map((r) => ({ name: r.inputs.roleAssignmentName }));
  expect(names(recorded)).toEqual(names(cdk8sNames));
  // Where the client id comes from.
  const sa = (list: Record<string, any>[]) => list.find((o) => o.kind === 'ServiceAccount')!;
  expect(sa(cdk8s.objects).metadata.annotations).toBeUndefined();
  expect(Object.keys(sa(objects).metadata.annotations).sort()).toEqual(['azure.workload.identity/client-id', 'azure.workload.identity/tenant-id']);
  const store = (list: Record<string, any>[]) => list.find((o) => o.kind === 'SecretStore')!.spec.provider.azurekv;
  expect(store(cdk8s.objects).authSecretRef).toEqual({ clientId: { name: 'par-created-identity', key: 'clientId' }, tenantId: { name: 'par-created-identity', key: 'tenantId' } });
  const { authSecretRef: _unused, ...cdk8sStore } = store(cdk8s.objects);
  expect(store(objects)).toEqual(cdk8sStore);
  const init = (list: Record<string, any>[]) => list.find((o) => o.kind === 'Deployment')!.spec.template.spec.initContainers[0].env.map((e: any) => e.name);
  expect(init(cdk8s.objects)).toEqual(['AZURE_CLIENT_ID', ...init(objects)]);
});
