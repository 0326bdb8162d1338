/**
 * Every pod template the constructs emit meets the Pod Security Standards
 * "restricted" profile (plus a read-only root filesystem with writable emptyDirs and
 * resource requests), unless the user opts out explicitly, which warns.
 */
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Testing } from 'cdk8s';
import fc from 'fast-check';
import { AksWebserviceConstruct } from '../../src/cdk8s';
import { manifestFiles, synthExampleLayout } from '../support/examples';
import { parseYamlObjects } from '../support/key-material';
import { newChart, synthObjects } from '../support/synth';
import { SEED, validWebserviceProps } from './support/arbitraries';
import { runs } from './support/runs';
import { run } from './support/outcome';
import { podSpecCount, restrictedProblems, restrictedProblemsOfPod } from './support/pod-security';

/** The layout files, or the error that stopped the synthesis. */
function examplesOrThrow(out: ReturnType<typeof run<Map<string, string>>>): Map<string, string> {
  if (!out.ok) throw out.error;
  return out.value;
}

/** A pod that meets the profile; each case below breaks one control. */
function goodPod(): Record<string, any> {
  return {
    securityContext: { runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: 'RuntimeDefault' } },
    containers: [{
      name: 'app',
      image: 'x/y:1',
      resources: { requests: { cpu: '100m', memory: '100M' } },
      securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true },
      volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
    }],
    volumes: [{ name: 'tmp', emptyDir: {} }],
  };
}

const BREAKS: Array<[string, (p: Record<string, any>) => void]> = [
  ['hostNetwork', (p) => { p.hostNetwork = true; }],
  ['hostPID', (p) => { p.hostPID = true; }],
  ['hostIPC', (p) => { p.hostIPC = true; }],
  ['privileged', (p) => { p.containers[0].securityContext.privileged = true; }],
  ['allowPrivilegeEscalation unset', (p) => { delete p.containers[0].securityContext.allowPrivilegeEscalation; }],
  ['runAsNonRoot unset', (p) => { delete p.securityContext.runAsNonRoot; }],
  ['runAsNonRoot false on a container', (p) => { p.containers[0].securityContext.runAsNonRoot = false; }],
  ['runAsUser 0', (p) => { p.containers[0].securityContext.runAsUser = 0; }],
  ['capabilities not dropped', (p) => { p.containers[0].securityContext.capabilities = {}; }],
  ['capability added', (p) => { p.containers[0].securityContext.capabilities.add = ['SYS_ADMIN']; }],
  ['seccomp Unconfined', (p) => { p.securityContext.seccompProfile = { type: 'Unconfined' }; }],
  ['no seccomp', (p) => { delete p.securityContext.seccompProfile; }],
  ['hostPath volume', (p) => { p.volumes.push({ name: 'h', hostPath: { path: '/' } }); }],
  ['hostPort', (p) => { p.containers[0].ports = [{ containerPort: 80, hostPort: 80 }]; }],
  ['unsafe sysctl', (p) => { p.securityContext.sysctls = [{ name: 'kernel.msgmax', value: '1' }]; }],
  ['procMount Unmasked', (p) => { p.containers[0].securityContext.procMount = 'Unmasked'; }],
  ['SELinux user', (p) => { p.securityContext.seLinuxOptions = { user: 'root' }; }],
  ['writable root filesystem', (p) => { p.containers[0].securityContext.readOnlyRootFilesystem = false; }],
  ['no cpu request', (p) => { delete p.containers[0].resources.requests.cpu; }],
  ['no memory request on an init container', (p) => {
    p.initContainers = [{ ...JSON.parse(JSON.stringify(p.containers[0])), name: 'init', resources: { requests: { cpu: '1' } } }];
  }],
  ['/tmp not an emptyDir', (p) => { p.volumes[0] = { name: 'tmp', configMap: { name: 'c' } }; }],
  ['an insecure init container', (p) => { p.initContainers = [{ name: 'init', image: 'x', resources: { requests: { cpu: '1', memory: '1' } } }]; }],
];

describe('the restricted-profile checker', () => {
  test('accepts a pod that meets the profile', () => {
    expect(restrictedProblemsOfPod('pod', goodPod(), undefined, { writablePaths: ['/tmp'] })).toEqual([]);
  });

  test.each(BREAKS)('finds %s', (_, breakIt) => {
    const pod = goodPod();
    breakIt(pod);
    expect(restrictedProblemsOfPod('pod', pod, undefined, { writablePaths: ['/tmp'] }).length).toBeGreaterThan(0);
  });

  test('finds pod specs in every workload kind (Deployment, CronJob, Pod)', () => {
    const bad = { ...goodPod(), hostNetwork: true };
    const objects = [
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { template: { spec: bad } } },
      { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'c' }, spec: { jobTemplate: { spec: { template: { spec: bad } } } } },
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: bad },
    ];
    expect(podSpecCount(objects)).toBe(3);
    expect(restrictedProblems(objects)).toHaveLength(3);
  });
});

describe('the constructs emit restricted pods', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  test('every pod template of the examples meets the profile', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aks-ml-pss-'));
    dirs.push(dir);
    const objects = [...manifestFiles(examplesOrThrow(run(() => synthExampleLayout(dir)))).values()].flatMap((text) => parseYamlObjects(text));
    expect(podSpecCount(objects)).toBeGreaterThanOrEqual(2);
    expect(restrictedProblems(objects, { writablePaths: ['/tmp'] })).toEqual([]);
    // The namespaces of the services enforce the profile; those of the platform's
    // controllers the strictest level their charts' pods meet (the device plugin mounts
    // the kubelet's device-plugins directory).
    const platformLevels: Record<string, string> = { 'envoy-gateway-system': 'baseline', 'external-secrets': 'restricted', 'nvidia-device-plugin': 'privileged' };
    const namespaces = objects.filter((o) => o.kind === 'Namespace');
    expect(namespaces.filter((ns) => ns.metadata.labels?.['app.kubernetes.io/part-of'] === 'aks-ml-platform').map((ns) => ns.metadata.name).sort())
      .toEqual(Object.keys(platformLevels).sort());
    for (const ns of namespaces) {
      expect([ns.metadata.name, ns.metadata.labels?.['pod-security.kubernetes.io/enforce']])
        .toEqual([ns.metadata.name, platformLevels[ns.metadata.name] ?? 'restricted']);
    }
  });

  test('random valid props synthesized with cdk8s: restricted pods, or an explicit opt-out that warns', () => {
    fc.assert(
      fc.property(validWebserviceProps, (props) => {
        const chart = newChart();
        const out = run(() => new AksWebserviceConstruct(chart, 'ws', props as any));
        if (!out.ok) throw new Error(`valid props rejected: ${out.error.message}`);
        const objects = synthObjects(chart);
        expect(podSpecCount(objects)).toBe(1);
        const namespace = objects.find((o) => o.kind === 'Namespace');
        if (props.restrictedSecurityContext === false) {
          expect(out.warnings.some((w) => w.includes('restrictedSecurityContext'))).toBe(true);
          expect(namespace?.metadata.labels?.['pod-security.kubernetes.io/enforce']).toBeUndefined();
          return;
        }
        const readOnly = props.readOnlyRootFilesystem !== false;
        expect(restrictedProblems(objects, { allowWritableRoot: !readOnly, writablePaths: readOnly ? (props.writablePaths ?? ['/tmp']) : [] })).toEqual([]);
        if (namespace) expect(namespace.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
      }),
      { seed: SEED, numRuns: runs(150) },
    );
  });

  test('the checker fails on the output of an opt-out (so the property above can fail)', () => {
    const chart = newChart();
    run(() => new AksWebserviceConstruct(chart, 'ws', { name: 'opt-out', image: 'x/y:1', restrictedSecurityContext: false } as any));
    expect(restrictedProblems(Testing.synth(chart)).length).toBeGreaterThan(0);
  });
});
