/**
 * The Pulumi AksCluster on random cluster configurations, under mocks: a valid
 * configuration registers its Azure resources with the kubeconfig a secret output and
 * no private key in any plain input; a wrong one throws one ConfigurationError and
 * registers nothing.
 */
import * as pulumi from '@pulumi/pulumi';
import fc from 'fast-check';
import { ConfigurationError } from 'aks-ml-constructs';
import type * as PulumiModule from '../../src/pulumi';
import { installMocks, settled, valueOf } from '../pulumi/aks-cluster-mocks';
import { SEED, alwaysWrong } from './support/arbitraries';
import { runs } from './support/runs';
import { CLUSTER_PROP_KINDS, validClusterProps } from './support/cluster-arbitraries';

const mocks = installMocks();
const { AksCluster }: typeof PulumiModule = require('../../src/pulumi');

let warn: jest.SpyInstance;
beforeEach(() => {
  warn = jest.spyOn(pulumi.log, 'warn').mockImplementation(async () => undefined);
});
afterEach(() => warn.mockRestore());

/** Cluster props as the Pulumi component takes them (a new cluster; no ASO-only options). */
const pulumiClusterProps = validClusterProps
  .filter((p) => p.resourceId === undefined && p.resourceGroup === undefined)
  .map(({ namespace, kubeconfigSecret, ...p }) => { void namespace; void kubeconfigSecret; return { ...p, createResourceGroup: true }; });

let run = 0;

describe('Pulumi AksCluster on random configurations (mocks)', () => {
  test('valid: Azure resources registered, the kubeconfig a secret output, no private key in plain inputs', async () => {
    await fc.assert(
      fc.asyncProperty(pulumiClusterProps, async (props) => {
        const name = `c${run++}`;
        const before = mocks.resources.length;
        const cluster = new AksCluster(name, props as any);
        await settled([cluster, cluster.provider]);
        expect(await pulumi.isSecret(cluster.kubeconfig)).toBe(true);
        expect(await valueOf(cluster.kubeconfig)).toContain('kind: Config');
        const mine = mocks.resources.slice(before);
        expect(mine.filter((r) => r.type === 'azure-native:containerservice:ManagedCluster')).toHaveLength(1);
        for (const r of mine) {
          // Secrets arrive wrapped (the mocks' deserializer keeps them as Outputs or secret markers): plain text must not hold a key.
          const plain = JSON.stringify(r.inputs, (_k, v) => (pulumi.Output.isInstance(v) ? '<output>' : v));
          expect([r.type, /PRIVATE KEY-----/.test(plain)]).toEqual([r.type, false]);
        }
      }),
      { seed: SEED, numRuns: runs(25) },
    );
  });

  test('a wrong prop: one ConfigurationError, nothing registered', async () => {
    const arb = fc
      .tuple(pulumiClusterProps, fc.constantFrom(...Object.keys(CLUSTER_PROP_KINDS).filter((k) => !['resourceId', 'resourceGroup', 'clusterName'].includes(k))))
      .chain(([props, prop]) => alwaysWrong(CLUSTER_PROP_KINDS[prop]).map((value) => ({ ...props, [prop]: value })));
    await fc.assert(
      fc.asyncProperty(arb, async (props) => {
        const name = `w${run++}`;
        const before = mocks.resources.length;
        let error: unknown;
        try {
          new AksCluster(name, props as any);
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(ConfigurationError);
        await new Promise((r) => setImmediate(r));
        expect(mocks.resources.slice(before).filter((r) => r.name.startsWith(name))).toEqual([]);
      }),
      { seed: SEED, numRuns: runs(60) },
    );
  });
});
