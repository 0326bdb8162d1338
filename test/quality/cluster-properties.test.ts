/**
 * Property-based tests of the cluster model (resolveClusterConfig, checkCapacity)
 * and the cdk8s AksCluster: valid configurations of every shape resolve, respect the
 * v1 purpose rules and synthesize schema-valid Azure Service Operator objects; wrong and
 * hostile values end in one ConfigurationError naming the prop, never another exception.
 */
import { Chart, Testing } from 'cdk8s';
import fc from 'fast-check';
import { ClusterPurpose, resolveClusterConfig, resolveWebservice } from 'aks-ml-constructs';
import { checkCapacity, PRODUCTION_MIN_NODES, PRODUCTION_MIN_VCPUS } from '../../src/core/cluster';
import { AksCluster } from '../../src/cdk8s';
import { SEED, alwaysWrong, hostileValue, validWebserviceProps } from './support/arbitraries';
import { runs } from './support/runs';
import { CLUSTER_PROP_KINDS, validClusterProps } from './support/cluster-arbitraries';
import { checkObjects, mentions, run } from './support/outcome';

const PROPS = Object.keys(CLUSTER_PROP_KINDS);

/** What every accepted configuration must satisfy, and its objects. */
function checkCluster(props: Record<string, any>): void {
  const resolved = run(() => resolveClusterConfig(props as any));
  const chart = new Chart(Testing.app(), 'c');
  const construct = run(() => new AksCluster(chart, 'cluster', props as any));
  if (!resolved.ok) {
    // The construct refuses what the core refuses, and adds nothing.
    expect(construct.ok).toBe(false);
    expect(chart.node.children).toHaveLength(0);
    return;
  }
  const c = resolved.value.config;
  expect(c.totalVcpus).toBe(c.agentCount * c.vmSize.vcpus);
  if (c.clusterPurpose !== ClusterPurpose.DEV_TEST) {
    expect(c.agentCount).toBeGreaterThanOrEqual(PRODUCTION_MIN_NODES);
    expect(c.totalVcpus).toBeGreaterThanOrEqual(PRODUCTION_MIN_VCPUS);
  }
  expect(c.nodePools[0]).toBe(c.systemPool);
  expect(c.maxPodsPerNode).toBeGreaterThanOrEqual(10);
  expect(c.maxPodsPerNode).toBeLessThanOrEqual(250);
  if (!construct.ok) {
    // Only the ASO options may add problems (e.g. location missing for a new cluster).
    expect(construct.error.problems.every((p) => !p.startsWith('name ') && !p.startsWith('agentCount'))).toBe(true);
    expect(chart.node.children).toHaveLength(0);
    return;
  }
  const objects = Testing.synth(chart);
  checkObjects(objects);
  if (c.mode === 'attach') expect(objects).toEqual([]);
  // No private key in the YAML unless the user passed one.
  if (/PRIVATE KEY-----/.test(JSON.stringify(objects))) expect(typeof props.sslKey).toBe('string');
}

describe('cluster properties', () => {
  test('valid configurations resolve, keep the purpose rules and synthesize valid ASO objects', () => {
    fc.assert(
      fc.property(validClusterProps, (props) => {
        const out = run(() => resolveClusterConfig(props as any));
        if (!out.ok) throw new Error(`valid props rejected:\n${out.error.message}`);
        checkCluster(props);
        const chart = new Chart(Testing.app(), 'c');
        const built = run(() => new AksCluster(chart, 'cluster', props as any));
        if (!built.ok) throw new Error(`valid props rejected by AksCluster:\n${built.error.message}`);
      }),
      { seed: SEED, numRuns: runs(400) },
    );
  });

  test('capacity checks of random services on random clusters report, never throw', () => {
    fc.assert(
      fc.property(validClusterProps, fc.array(validWebserviceProps, { maxLength: 4 }), (props, services) => {
        const cluster = resolveClusterConfig(props as any).config;
        const resolved = services.flatMap((s) => {
          const r = run(() => resolveWebservice(s as any));
          return r.ok ? [{ name: s.name, config: r.value.config }] : [];
        });
        const report = checkCapacity(cluster, resolved);
        expect(Array.isArray(report.problems) && report.problems.every((p) => typeof p === 'string' && p.length > 0)).toBe(true);
        expect(Array.isArray(report.warnings)).toBe(true);
        // A service that asks for more GPUs than any node has is always a problem.
        const maxGpus = Math.max(...cluster.nodePools.map((p) => p.vmSize.gpus));
        for (const s of resolved) {
          if (s.config.gpuCores > maxGpus) expect(report.problems.some((p) => p.includes(s.name))).toBe(true);
        }
      }),
      { seed: SEED, numRuns: runs(200) },
    );
  });

  test('one always-wrong value gives a ConfigurationError naming that prop', () => {
    const arb = fc
      .tuple(validClusterProps, fc.constantFrom(...PROPS))
      .chain(([props, prop]) => alwaysWrong(CLUSTER_PROP_KINDS[prop]).map((value) => ({ props: { ...props, [prop]: value }, prop })));
    fc.assert(
      fc.property(arb, ({ props, prop }) => {
        const out = run(() => resolveClusterConfig(props as any));
        if (out.ok) throw new Error(`accepted ${prop} = ${fc.stringify(props[prop])}`);
        if (!mentions(out.error.problems, prop)) throw new Error(`the problems do not name ${prop}:\n${out.error.message}`);
      }),
      { seed: SEED, numRuns: runs(600) },
    );
  });

  test('hostile values anywhere: a valid cluster or one ConfigurationError, never another exception', () => {
    const arb = fc
      .tuple(validClusterProps, fc.uniqueArray(fc.constantFrom(...PROPS, 'resourceGroupName', 'tags', 'kubeconfigSecret', 'dnsPrefix', 'unknownProp'), { minLength: 1, maxLength: 4 }))
      .chain(([props, chosen]) =>
        fc.tuple(...chosen.map(() => hostileValue)).map((values) => ({ ...props, ...Object.fromEntries(chosen.map((p, i) => [p, values[i]])) })),
      );
    fc.assert(fc.property(arb, (props) => checkCluster(props)), { seed: SEED, numRuns: runs(600) });
  });

  test('hostile GPU pools: a valid pool or a ConfigurationError under gpuPool.*', () => {
    const pool = fc.record({
      vmSize: fc.oneof(hostileValue, fc.constantFrom('Standard_NC6s_v3', 'Standard_D3_v2', 'Standard_NC4as_T4_v3')),
      nodeCount: fc.oneof(hostileValue, fc.integer({ min: -2, max: 1001 })),
      minCount: fc.oneof(hostileValue, fc.integer({ min: -2, max: 1001 })),
      maxCount: fc.oneof(hostileValue, fc.integer({ min: -2, max: 1001 })),
      name: hostileValue,
      vcpusPerNode: hostileValue,
      memoryGiBPerNode: hostileValue,
      gpusPerNode: hostileValue,
    }, { requiredKeys: [] });
    fc.assert(
      fc.property(validClusterProps, pool, (props, gpuPool) => {
        const out = run(() => resolveClusterConfig({ ...props, gpuPool } as any));
        if (!out.ok) {
          expect(out.error.problems.some((p) => p.startsWith('gpuPool'))).toBe(true);
        } else {
          expect(out.value.config.gpuPool!.vmSize.gpus).toBeGreaterThanOrEqual(1);
        }
      }),
      { seed: SEED, numRuns: runs(500) },
    );
  });

  test('a private key never appears in problems or warnings', () => {
    const key = fc.base64String({ minLength: 24, maxLength: 64 }).map((b) => `-----BEGIN RSA PRIVATE KEY-----\n${b}\n-----END RSA PRIVATE KEY-----`);
    fc.assert(
      fc.property(validClusterProps, key, fc.constantFrom('sslKey', 'sslCert', 'sslCname'), (props, k, where) => {
        const out = run(() => new AksCluster(new Chart(Testing.app(), 'c'), 'cluster', { ...props, [where]: k } as any));
        const texts = out.ok ? out.warnings : out.error.problems;
        const body = k.split('\n')[1];
        for (const t of texts) if (t.includes(body.slice(0, 16))) throw new Error(`key material in: ${t.slice(0, 200)}`);
      }),
      { seed: SEED, numRuns: runs(300) },
    );
  });
});
