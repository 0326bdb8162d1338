/**
 * Runs examples/pulumi (the program `pulumi up` runs) under Pulumi mocks and checks
 * the resource graph, the stack outputs and that the keys and the kubeconfig are
 * secrets.
 */
import * as pulumi from '@pulumi/pulumi';
import { RecordedResource, installMocks, kubeconfigFor, valueOf } from '../pulumi/aks-cluster-mocks';
import { unwrapSecrets } from '../pulumi/mock-runtime';
import { validateAll } from '../support/schema';

const mocks = installMocks();
// The stack's configuration (project "aksml" in the mocks).
pulumi.runtime.setAllConfig({ 'aksml:workspaceName': 'mlw', 'aksml:workspaceResourceGroup': 'ml-ws-rg' });

type Program = Record<string, pulumi.Output<unknown> | unknown>;
let program: Program;
const outputs: Record<string, unknown> = {};

/** The type of the resource a URN names, with its parents: `A$B$C`. */
function typeChain(urn: string): string {
  return urn.split('::')[2];
}

function byUrn(): Map<string, RecordedResource> {
  return new Map(mocks.resources.map((r) => [r.urn, r]));
}

beforeAll(async () => {
  program = require('../../examples/pulumi/index');
  for (const [k, v] of Object.entries(program)) outputs[k] = await valueOf(v as pulumi.Output<unknown>);
  // Let the last registrations finish.
  for (let i = 0; i < 20; i++) await new Promise((r) => setTimeout(r, 2));
});

describe('the Pulumi example (examples/pulumi)', () => {
  test('exports the cluster, the gateway, the service and the endpoint outputs', () => {
    expect(Object.keys(program).sort()).toEqual([
      'capacityWarnings', 'churnPrimaryKey', 'churnScoringUri', 'churnVersions', 'classifierAppInsightsId', 'classifierPrimaryKey', 'classifierScoringUri',
      'classifierSwaggerUri', 'clusterId', 'clusterName', 'clusterPurpose', 'computeName', 'gatewayHostname', 'gatewayNamespace',
      'kubeconfig', 'oidcIssuerUrl', 'platformReleases', 'resourceGroupName',
    ]);
    expect(outputs).toMatchObject({
      resourceGroupName: 'ml-prod-rg',
      clusterName: 'ml-prod',
      clusterId: expect.stringMatching(/\/resourceGroups\/ml-prod-rg\/providers\/Microsoft\.ContainerService\/managedClusters\/ml-prod$/),
      clusterPurpose: 'FastProd',
      oidcIssuerUrl: expect.stringMatching(/^https:\/\//),
      kubeconfig: kubeconfigFor('ml-prod'),
      computeName: 'aks-prod',
      gatewayHostname: 'ml.contoso.com',
      gatewayNamespace: 'aks-ml-gateway',
      // On the gateway's host name: absolute URIs, as v1's scoring_uri.
      classifierScoringUri: 'https://ml.contoso.com/api/v1/service/image-classifier/score',
      classifierSwaggerUri: 'https://ml.contoso.com/api/v1/service/image-classifier/swagger.json',
      churnScoringUri: 'https://ml.contoso.com/api/v1/service/churn/score',
      // Checked synchronously: a plain list, not an Output.
      capacityWarnings: [],
      // KEDA is the cluster's AKS add-on: not installed again.
      platformReleases: ['envoy-gateway@v1.9.0', 'external-secrets@2.9.0', 'nvidia-device-plugin@0.20.0'],
    });
    expect(outputs.churnVersions).toEqual([
      expect.objectContaining({ version: 'control', weight: 90, scoringPath: '/api/v1/service/churn/versions/control/score' }),
      expect.objectContaining({ version: 'candidate', weight: 10, scoringPath: '/api/v1/service/churn/versions/candidate/score' }),
    ]);
    expect(outputs.classifierPrimaryKey).toEqual(expect.any(String));
    expect((outputs.classifierPrimaryKey as string).length).toBeGreaterThanOrEqual(32);
    expect(outputs.churnPrimaryKey).toEqual(expect.any(String));
  });

  test('the kubeconfig and the keys are secrets', async () => {
    for (const name of ['kubeconfig', 'classifierPrimaryKey', 'churnPrimaryKey']) {
      expect([name, await pulumi.isSecret(program[name] as pulumi.Output<unknown>)]).toEqual([name, true]);
    }
    for (const name of ['clusterName', 'classifierScoringUri', 'churnScoringUri']) {
      expect([name, await pulumi.isSecret(program[name] as pulumi.Output<unknown>)]).toEqual([name, false]);
    }
  });

  test('the resource graph: five components and their children', () => {
    const components = mocks.resources.filter((r) => !r.custom).map((r) => [r.type, r.name, r.parent]);
    expect(components).toEqual([
      ['aks-ml-constructs:index:AksCluster', 'ml', ''],
      ['aks-ml-constructs:index:AksMlPlatform', 'platform', ''],
      ['aks-ml-constructs:index:AksMlGateway', 'gateway', ''],
      // The service waits for the resource group (its App Insights component goes there), so it registers last.
      ['aks-ml-constructs:index:AksEndpoint', 'churn', ''],
      ['aks-ml-constructs:index:AksWebservice', 'classifier', ''],
    ]);
    const clusterChildren = mocks.resources.filter((r) => typeChain(r.urn).startsWith('aks-ml-constructs:index:AksCluster$')).map((r) => [r.type, r.name]);
    expect(clusterChildren).toEqual(expect.arrayContaining([
      ['azure-native:resources:ResourceGroup', 'ml-rg'],
      ['azure-native:containerservice:ManagedCluster', 'ml-aks'],
      ['azure-native:containerservice:AgentPool', 'ml-gpu'],
      ['pulumi:providers:kubernetes', 'ml-k8s'],
      ['azure-native:machinelearningservices:Compute', 'ml-compute'],
    ]));
    expect(clusterChildren).toHaveLength(5);
    // Every other resource is a child of one of the components.
    const urns = byUrn();
    for (const r of mocks.resources.filter((x) => x.custom)) {
      expect([r.type, r.name, urns.get(r.parent)?.custom]).toEqual([r.type, r.name, false]);
    }
  });

  test('the service runs on the GPU pool and every Kubernetes object goes through the cluster\'s provider', async () => {
    const provider = mocks.resources.find((r) => r.type === 'pulumi:providers:kubernetes')!;
    const providerId = `${provider.name}-id`;
    const kube = mocks.resources.filter((r) => r.type.startsWith('kubernetes:'));
    expect(kube.length).toBeGreaterThanOrEqual(10);
    for (const r of kube) expect([r.type, r.name, r.provider]).toEqual([r.type, r.name, `${provider.urn}::${providerId}`]);

    const pool = mocks.resources.find((r) => r.type === 'azure-native:containerservice:AgentPool')!;
    const deployment = kube.find((r) => r.type === 'kubernetes:apps/v1:Deployment' && r.inputs.metadata.name === 'image-classifier')!;
    const pod = deployment.inputs.spec.template.spec;
    expect(pool.inputs.nodeTaints).toEqual(['sku=gpu:NoSchedule']);
    expect(pod.tolerations).toEqual([{ key: 'sku', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }]);
    expect(pod.containers[0].resources.limits['nvidia.com/gpu']).toBe('1');
  });

  test('the cluster: FastProd sizing, workload identity, KEDA, registration in the workspace', () => {
    const mc = mocks.resources.find((r) => r.type === 'azure-native:containerservice:ManagedCluster')!;
    expect(mc.inputs.agentPoolProfiles).toEqual([expect.objectContaining({ name: 'agentpool', mode: 'System', count: 3, vmSize: 'Standard_D3_v2' })]);
    expect(mc.inputs).toMatchObject({
      oidcIssuerProfile: { enabled: true },
      securityProfile: { workloadIdentity: { enabled: true } },
      workloadAutoScalerProfile: { keda: { enabled: true } },
      storageProfile: { blobCSIDriver: { enabled: true } },
      tags: { app: 'aks-ml-example' },
    });
    const compute = mocks.resources.find((r) => r.type === 'azure-native:machinelearningservices:Compute')!;
    expect(compute.inputs).toMatchObject({
      workspaceName: 'mlw',
      resourceGroupName: 'ml-ws-rg',
      computeName: 'aks-prod',
      properties: { computeType: 'AKS', resourceId: outputs.clusterId, properties: { clusterPurpose: 'FastProd', loadBalancerType: 'PublicIp' } },
    });
  });

  test('the gateway: HTTPS on the host name with TLS 1.2 at least, the services\' routes on it, a public load balancer', () => {
    const kube = mocks.resources.filter((r) => r.type.startsWith('kubernetes:'));
    const gateway = kube.find((r) => r.type === 'kubernetes:gateway.networking.k8s.io/v1:Gateway')!;
    expect(gateway.inputs.metadata).toMatchObject({ name: 'aks-ml', namespace: 'aks-ml-gateway' });
    expect(gateway.inputs.spec.listeners.map((l: any) => [l.name, l.port, l.hostname])).toEqual([['https', 443, 'ml.contoso.com'], ['http', 80, 'ml.contoso.com']]);
    // The example cluster has a public IP (loadBalancerType PublicIp): no annotations for the proxies' Service,
    // only the Gateway's EnvoyProxy (one worker per proxy).
    expect(gateway.inputs.spec.infrastructure).toEqual({ parametersRef: { group: 'gateway.envoyproxy.io', kind: 'EnvoyProxy', name: 'aks-ml' } });
    const ctp = kube.find((r) => r.type === 'kubernetes:gateway.envoyproxy.io/v1alpha1:ClientTrafficPolicy')!;
    expect(ctp.inputs.spec.tls).toEqual({ minVersion: '1.2', maxVersion: '1.3' });
    const routes = kube.filter((r) => r.type === 'kubernetes:gateway.networking.k8s.io/v1:HTTPRoute' && r.inputs.metadata.namespace === 'ml');
    expect(routes.length).toBeGreaterThanOrEqual(3);
    for (const route of routes) {
      expect([route.name, route.inputs.spec.parentRefs]).toEqual([route.name, [expect.objectContaining({ name: 'aks-ml', namespace: 'aks-ml-gateway', sectionName: 'https' })]]);
    }
  });

  test('App Insights: a component in the cluster\'s resource group, its key and connection string in a Secret (secret), read by the classifier', async () => {
    const urns = byUrn();
    const component = mocks.resources.find((r) => r.type === 'azure-native:applicationinsights:Component')!;
    expect(component.inputs).toMatchObject({ resourceGroupName: 'ml-prod-rg', resourceName: 'image-classifier', location: 'westeurope', kind: 'web', applicationType: 'web' });
    expect(urns.get(component.parent)?.type).toBe('aks-ml-constructs:index:AksWebservice');
    expect(outputs.classifierAppInsightsId).toEqual(expect.stringMatching(/\/providers\/Microsoft\.Insights\/components\/image-classifier$/));
    const kube = mocks.resources.filter((r) => r.type.startsWith('kubernetes:'));
    const secret = kube.find((r) => r.type === 'kubernetes:core/v1:Secret' && r.inputs.metadata.name === 'image-classifier-app-insights')!;
    // A secret in the engine's wire format: the signature, then the value.
    expect(secret.inputs.stringData['4dabf18193072939515e22adb298388d']).toBe('1b47061264138c4ac30d75fd1eb44270');
    const data = secret.inputs.stringData.value;
    expect(Object.keys(data).sort()).toEqual(['connection-string', 'instrumentation-key']);
    expect(data['connection-string']).toContain(`InstrumentationKey=${data['instrumentation-key']};`);
    expect(data['instrumentation-key']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const deployment = kube.find((r) => r.type === 'kubernetes:apps/v1:Deployment' && r.inputs.metadata.name === 'image-classifier')!;
    const env = deployment.inputs.spec.template.spec.containers[0].env;
    expect(env).toEqual(expect.arrayContaining([
      { name: 'AML_APP_INSIGHTS_ENABLED', value: 'true' },
      { name: 'AML_APP_INSIGHTS_KEY', valueFrom: { secretKeyRef: { name: 'image-classifier-app-insights', key: 'instrumentation-key' } } },
      { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', valueFrom: { secretKeyRef: { name: 'image-classifier-app-insights', key: 'connection-string' } } },
      // Model data collection, under the name of azmlinfsrv >= 1.4.0 and the legacy one.
      { name: 'AML_MDC_STORAGE_ENABLED', value: 'true' },
      { name: 'AML_MODEL_DC_STORAGE_ENABLED', value: 'true' },
    ]));
  });

  test('the shared objects (namespaces, GatewayClass) are created once and kept when a component is removed', () => {
    const kube = mocks.resources.filter((r) => r.type.startsWith('kubernetes:'));
    const shared = kube.filter((r) => r.type === 'kubernetes:core/v1:Namespace' || r.type === 'kubernetes:gateway.networking.k8s.io/v1:GatewayClass');
    expect(shared.map((r) => [r.inputs.kind, r.inputs.metadata.name, r.retainOnDelete]).sort()).toEqual([
      ['GatewayClass', 'envoy-gateway', true],
      ['Namespace', 'aks-ml-gateway', true],
      ['Namespace', 'envoy-gateway-system', true],
      ['Namespace', 'external-secrets', true],
      ['Namespace', 'ml', true],
      ['Namespace', 'nvidia-device-plugin', true],
    ]);
    expect(kube.filter((r) => r.retainOnDelete)).toHaveLength(6);
  });

  test('the platform: a Helm release per component on the cluster\'s provider, the device plugin tolerating the GPU taint', () => {
    const releases = mocks.resources.filter((r) => r.type === 'kubernetes:helm.sh/v3:Release');
    expect(releases.map((r) => [r.inputs.chart, r.inputs.version])).toEqual([
      ['oci://docker.io/envoyproxy/gateway-helm', 'v1.9.0'],
      ['external-secrets', '2.9.0'],
      ['nvidia-device-plugin', '0.20.0'],
    ]);
    const plugin = releases[2];
    expect(plugin.inputs.values.tolerations).toContainEqual({ key: 'sku', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' });
    const urns = byUrn();
    for (const r of releases) expect(urns.get(r.parent)?.type).toBe('aks-ml-constructs:index:AksMlPlatform');
  });

  test('every Kubernetes object passes its upstream schema', () => {
    const objects = mocks.resources
      .filter((r) => r.type.startsWith('kubernetes:') && r.type !== 'kubernetes:helm.sh/v3:Release')
      .map((r) => unwrapSecrets(r.inputs, '', []));
    expect(validateAll(objects)).toBeGreaterThanOrEqual(25);
  });
});
