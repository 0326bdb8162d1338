/**
 * Runs examples/pulumi (the program `pulumi up` runs) under Pulumi mocks and checks
 * the resource graph, the stack outputs and that the keys and the kubeconfig are
 * secrets.
 */
import * as pulumi from '@pulumi/pulumi';
import { RecordedResource, installMocks, kubeconfigFor, valueOf } from '../pulumi/aks-cluster-mocks';

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
  test('exports the cluster, the service and the endpoint outputs', () => {
    expect(Object.keys(program).sort()).toEqual([
      'capacityWarnings', 'churnPrimaryKey', 'churnScoringUri', 'churnVersions', 'classifierPrimaryKey', 'classifierScoringUri',
      'classifierSwaggerUri', 'clusterId', 'clusterName', 'clusterPurpose', 'computeName', 'kubeconfig', 'oidcIssuerUrl', 'resourceGroupName',
    ]);
    expect(outputs).toMatchObject({
      resourceGroupName: 'ml-prod-rg',
      clusterName: 'ml-prod',
      clusterId: expect.stringMatching(/\/resourceGroups\/ml-prod-rg\/providers\/Microsoft\.ContainerService\/managedClusters\/ml-prod$/),
      clusterPurpose: 'FastProd',
      oidcIssuerUrl: expect.stringMatching(/^https:\/\//),
      kubeconfig: kubeconfigFor('ml-prod'),
      computeName: 'aks-prod',
      classifierScoringUri: '/api/v1/service/image-classifier/score',
      classifierSwaggerUri: '/api/v1/service/image-classifier/swagger.json',
      churnScoringUri: '/api/v1/service/churn/score',
      capacityWarnings: [],
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

  test('the resource graph: three components and their children', () => {
    const components = mocks.resources.filter((r) => !r.custom).map((r) => [r.type, r.name, r.parent]);
    expect(components).toEqual([
      ['aks-ml-constructs:index:AksCluster', 'ml', ''],
      ['aks-ml-constructs:index:AksWebservice', 'classifier', ''],
      ['aks-ml-constructs:index:AksEndpoint', 'churn', ''],
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
});
