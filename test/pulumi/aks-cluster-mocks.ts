/**
 * Pulumi mocks for the AksCluster tests and the Pulumi example: azure-native
 * resources get the outputs the real provider computes (name, id, location,
 * OIDC issuer URL), the invokes return fixed data, and every registration is
 * recorded with its parent URN and its own URN (the resource graph) and the
 * resource options the engine sees (`retainOnDelete`).
 */
import * as pulumi from '@pulumi/pulumi';
import { mockAppInsightsOutputs } from './mock-runtime';

export const SUBSCRIPTION_ID = '00000000-1111-2222-3333-444444444444';

/** One registered resource. */
export interface RecordedResource {
  readonly type: string;
  readonly name: string;
  readonly custom: boolean;
  readonly inputs: Record<string, any>;
  /** The parent's URN ('' for none). */
  readonly parent: string;
  readonly urn: string;
  /** The provider reference (`<urn>::<id>`), when set. */
  readonly provider: string;
  /** The `retainOnDelete` resource option, as sent to the engine. */
  readonly retainOnDelete: boolean;
}

/** One invoke. */
export interface RecordedCall {
  readonly token: string;
  readonly inputs: Record<string, any>;
}

export interface MockOptions {
  /** The agent pools getManagedCluster reports for an existing cluster. */
  readonly existingPools?: { name: string; mode: string; count: number; vmSize: string }[];
  /** The networkProfile getManagedCluster reports for an existing cluster (default: Cilium). */
  readonly existingNetworkProfile?: { networkPolicy?: string };
}

export interface Mocks {
  readonly resources: RecordedResource[];
  readonly calls: RecordedCall[];
  options: MockOptions;
  /** Forgets the recorded resources and calls. */
  reset(): void;
}

/** The kubeconfig the mocked listManagedClusterUserCredentials returns (base64-encoded there). */
export function kubeconfigFor(cluster: string): string {
  return `apiVersion: v1\nkind: Config\nclusters:\n- name: ${cluster}\n  cluster:\n    server: https://${cluster}.hcp.westeurope.azmk8s.io:443\n`;
}

function aksId(rg: string, name: string): string {
  return `/subscriptions/${SUBSCRIPTION_ID}/resourceGroups/${rg}/providers/Microsoft.ContainerService/managedClusters/${name}`;
}

/** Installs the mocks (call once per test file, before creating resources). */
export function installMocks(options: MockOptions = {}): Mocks {
  const mocks: Mocks = {
    resources: [],
    calls: [],
    options,
    reset() {
      this.resources.length = 0;
      this.calls.length = 0;
    },
  };
  void pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        const state: Record<string, any> = { ...args.inputs };
        const i = args.inputs;
        switch (args.type) {
          case 'azure-native:resources:ResourceGroup':
            state.name = i.resourceGroupName ?? args.name;
            state.location = i.location ?? 'westeurope';
            return { id: `/subscriptions/${SUBSCRIPTION_ID}/resourceGroups/${state.name}`, state };
          case 'azure-native:containerservice:ManagedCluster':
            state.name = i.resourceName ?? args.name;
            state.oidcIssuerProfile = { enabled: true, issuerURL: `https://westeurope.oic.prod-aks.azure.com/tenant/${state.name}/` };
            return { id: aksId(i.resourceGroupName, state.name), state };
          case 'azure-native:containerservice:AgentPool':
            state.name = i.agentPoolName ?? args.name;
            return { id: `${aksId(i.resourceGroupName, i.resourceName)}/agentPools/${state.name}`, state };
          case 'azure-native:machinelearningservices:Compute':
            state.name = i.computeName ?? args.name;
            return { id: `/subscriptions/${SUBSCRIPTION_ID}/resourceGroups/${i.resourceGroupName}/providers/Microsoft.MachineLearningServices/workspaces/${i.workspaceName}/computes/${state.name}`, state };
          case 'azure-native:applicationinsights:Component':
            state.name = i.resourceName ?? args.name;
            Object.assign(state, mockAppInsightsOutputs(args.name));
            return { id: `/subscriptions/${SUBSCRIPTION_ID}/resourceGroups/${i.resourceGroupName}/providers/Microsoft.Insights/components/${state.name}`, state };
          case 'random:index/randomPassword:RandomPassword':
            state.result = `${'Rk7'.repeat(Math.ceil((i.length ?? 32) / 3))}`.slice(0, i.length ?? 32);
            return { id: `${args.name}-id`, state };
          default:
            return { id: `${args.name}-id`, state };
        }
      },
      call: (args) => {
        mocks.calls.push({ token: args.token, inputs: args.inputs });
        switch (args.token) {
          case 'azure-native:containerservice:listManagedClusterUserCredentials':
            return { kubeconfigs: [{ name: 'clusterUser', value: Buffer.from(kubeconfigFor(args.inputs.resourceName)).toString('base64') }] };
          case 'azure-native:containerservice:getManagedCluster':
            return {
              id: aksId(args.inputs.resourceGroupName, args.inputs.resourceName),
              name: args.inputs.resourceName,
              location: 'westeurope',
              agentPoolProfiles: mocks.options.existingPools ?? [{ name: 'agentpool', mode: 'System', count: 3, vmSize: 'Standard_D3_v2' }],
              networkProfile: mocks.options.existingNetworkProfile ?? { networkPlugin: 'azure', networkDataplane: 'cilium', networkPolicy: 'cilium' },
              oidcIssuerProfile: { enabled: true, issuerURL: `https://westeurope.oic.prod-aks.azure.com/tenant/${args.inputs.resourceName}/` },
            };
          case 'azure-native:authorization:getClientConfig':
            return { clientId: 'c', objectId: 'o', subscriptionId: SUBSCRIPTION_ID, tenantId: 't' };
          default:
            return args.inputs;
        }
      },
    },
    'aksml',
    'test',
    false,
  );
  // Record the graph: the monitor knows each registration's parent and URN.
  const monitor = pulumi.runtime.getMonitor() as any;
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req: any, callback: (err: any, resp: any) => void) => {
    register(req, (err: any, resp: any) => {
      if (!err && resp) {
        const inputs = pulumi.runtime.deserializeProperties(req.getObject());
        mocks.resources.push({
          type: req.getType(),
          name: req.getName(),
          custom: req.getCustom(),
          inputs,
          parent: req.getParent(),
          urn: resp.getUrn(),
          provider: req.getProvider(),
          retainOnDelete: req.getRetainondelete() === true,
        });
      }
      callback(err, resp);
    });
  };
  return mocks;
}

/** The value of an Output (rejects when it fails), as a Promise. */
export function valueOf<T>(o: pulumi.Output<T> | pulumi.Input<T>): Promise<T> {
  if (pulumi.Output.isInstance(o)) return (o as any).promise() as Promise<T>;
  return Promise.resolve(o as T);
}

/** Waits until every given resource is registered. */
export async function settled(resources: readonly pulumi.Resource[]): Promise<void> {
  await Promise.all(resources.map((r) => valueOf(r.urn)));
  // Let the monitor callbacks run.
  await new Promise((r) => setImmediate(r));
}

/** The recorded resources of one type. */
export function ofType(mocks: Mocks, type: string): RecordedResource[] {
  return mocks.resources.filter((r) => r.type === type);
}

/** The one recorded resource of a type (and name). */
export function oneOf(mocks: Mocks, type: string, name?: string): RecordedResource {
  const found = mocks.resources.filter((r) => r.type === type && (name === undefined || r.name === name));
  if (found.length !== 1) {
    throw new Error(`expected one ${type}${name ? ` "${name}"` : ''}, found ${found.length}: ${mocks.resources.map((r) => `${r.type}::${r.name}`).join(', ')}`);
  }
  return found[0];
}

/**
 * Runs `fn` and waits for the program to settle, collecting the unhandled
 * rejections meanwhile instead of failing the test: an error thrown in an apply
 * fails a Pulumi program exactly that way (the language host turns an unhandled
 * rejection into a failed update with the error's message). Jest listens on the
 * real `process` (the test's `process` is a copy), so that is where the listener
 * is swapped.
 */
export async function collectProgramErrors(fn: () => Promise<void> | void, ticks = 40): Promise<unknown[]> {
  const realProcess: NodeJS.Process = require('vm').runInThisContext('process');
  const errors: unknown[] = [];
  const saved = realProcess.listeners('unhandledRejection');
  realProcess.removeAllListeners('unhandledRejection');
  const collect = (e: unknown) => errors.push(e);
  realProcess.on('unhandledRejection', collect);
  try {
    await fn();
    for (let i = 0; i < ticks; i++) await new Promise((r) => setTimeout(r, 2));
  } finally {
    realProcess.removeListener('unhandledRejection', collect);
    for (const l of saved) realProcess.on('unhandledRejection', l as (...args: any[]) => void);
  }
  return errors;
}
