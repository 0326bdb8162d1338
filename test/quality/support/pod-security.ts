/**
 * A checker for the Pod Security Standards "restricted" profile (all baseline and
 * restricted controls of https://kubernetes.io/docs/concepts/security/pod-security-standards/,
 * version "latest"), plus what this library promises on top of it: a read-only root
 * filesystem, writable paths as emptyDir mounts, and resource requests on every container.
 *
 * It inspects every pod spec in an object (found wherever a `containers` list is),
 * so it covers Deployments, Jobs, CronJobs, ScaledJobs and Pods alike.
 */
import { podSpecsOf } from './k8s-rules';

export interface RestrictedOptions {
  /** Containers that may have a writable root filesystem (the user opted out). Default: none. */
  readonly allowWritableRoot?: boolean;
  /** Paths that must be writable emptyDir mounts of every non-init container. */
  readonly writablePaths?: readonly string[];
}

/** Volume types the restricted profile allows. */
const RESTRICTED_VOLUME_TYPES = new Set([
  'configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret',
]);
/** Sysctls the baseline profile allows. */
const SAFE_SYSCTLS = new Set([
  'kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range', 'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes',
]);
const SELINUX_TYPES = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']);

/** The findings for one pod spec (empty = meets the profile). */
export function restrictedProblemsOfPod(where: string, spec: Record<string, any>, podMetadata: Record<string, any> | undefined, options: RestrictedOptions = {}): string[] {
  const out: string[] = [];
  const pod = spec.securityContext ?? {};
  // --- baseline
  for (const f of ['hostNetwork', 'hostPID', 'hostIPC']) if (spec[f] === true) out.push(`${where}: ${f} is true`);
  if (pod.windowsOptions?.hostProcess === true) out.push(`${where}: hostProcess pod`);
  for (const s of pod.sysctls ?? []) if (!SAFE_SYSCTLS.has(s.name)) out.push(`${where}: unsafe sysctl ${s.name}`);
  if (pod.seLinuxOptions && (!SELINUX_TYPES.has(pod.seLinuxOptions.type ?? '') || pod.seLinuxOptions.user || pod.seLinuxOptions.role)) out.push(`${where}: SELinux options not allowed`);
  for (const [k, v] of Object.entries(podMetadata?.annotations ?? {})) {
    if (k.startsWith('container.apparmor.security.beta.kubernetes.io/') && !/^(runtime\/default|localhost\/.+)$/.test(String(v))) out.push(`${where}: AppArmor ${v}`);
  }
  if (pod.appArmorProfile && !['RuntimeDefault', 'Localhost'].includes(pod.appArmorProfile.type)) out.push(`${where}: AppArmor profile ${pod.appArmorProfile.type}`);
  // --- restricted: volumes
  for (const v of spec.volumes ?? []) {
    const types = Object.keys(v).filter((k) => k !== 'name');
    for (const t of types) if (!RESTRICTED_VOLUME_TYPES.has(t)) out.push(`${where}: volume ${v.name} of type ${t}`);
  }
  // --- per container
  const podRunAsNonRoot = pod.runAsNonRoot === true;
  const podSeccomp = pod.seccompProfile?.type;
  if (podSeccomp !== undefined && !['RuntimeDefault', 'Localhost'].includes(podSeccomp)) out.push(`${where}: pod seccomp profile ${podSeccomp}`);
  if (pod.runAsUser === 0) out.push(`${where}: pod runAsUser 0`);
  const containers: Array<[string, any]> = [
    ...(spec.initContainers ?? []).map((c: any) => ['init container', c] as [string, any]),
    ...(spec.containers ?? []).map((c: any) => ['container', c] as [string, any]),
    ...(spec.ephemeralContainers ?? []).map((c: any) => ['ephemeral container', c] as [string, any]),
  ];
  for (const [what, c] of containers) {
    const cw = `${where} ${what} ${c.name}`;
    const sc = c.securityContext ?? {};
    if (sc.privileged === true) out.push(`${cw}: privileged`);
    if (sc.windowsOptions?.hostProcess === true) out.push(`${cw}: hostProcess`);
    if (sc.procMount !== undefined && sc.procMount !== 'Default') out.push(`${cw}: procMount ${sc.procMount}`);
    if (sc.seLinuxOptions && (!SELINUX_TYPES.has(sc.seLinuxOptions.type ?? '') || sc.seLinuxOptions.user || sc.seLinuxOptions.role)) out.push(`${cw}: SELinux options not allowed`);
    if (sc.appArmorProfile && !['RuntimeDefault', 'Localhost'].includes(sc.appArmorProfile.type)) out.push(`${cw}: AppArmor profile ${sc.appArmorProfile.type}`);
    for (const p of c.ports ?? []) if (p.hostPort !== undefined && p.hostPort !== 0) out.push(`${cw}: hostPort ${p.hostPort}`);
    if (sc.allowPrivilegeEscalation !== false) out.push(`${cw}: allowPrivilegeEscalation is not false`);
    if (sc.runAsNonRoot === false || (!podRunAsNonRoot && sc.runAsNonRoot !== true)) out.push(`${cw}: runAsNonRoot is not true`);
    if (sc.runAsUser === 0) out.push(`${cw}: runAsUser 0`);
    const seccomp = sc.seccompProfile?.type;
    if (seccomp !== undefined && !['RuntimeDefault', 'Localhost'].includes(seccomp)) out.push(`${cw}: seccomp profile ${seccomp}`);
    if (seccomp === undefined && podSeccomp === undefined) out.push(`${cw}: no seccomp profile (pod or container)`);
    const drop: unknown[] = sc.capabilities?.drop ?? [];
    if (!drop.includes('ALL')) out.push(`${cw}: capabilities.drop does not include ALL`);
    for (const cap of sc.capabilities?.add ?? []) if (cap !== 'NET_BIND_SERVICE') out.push(`${cw}: adds capability ${cap}`);
    // --- this library's promises
    if (!options.allowWritableRoot && sc.readOnlyRootFilesystem !== true) out.push(`${cw}: root filesystem is not read-only`);
    for (const r of ['cpu', 'memory']) {
      if (c.resources?.requests?.[r] === undefined) out.push(`${cw}: no ${r} request`);
    }
    if (what === 'container') {
      for (const path of options.writablePaths ?? []) {
        const mount = (c.volumeMounts ?? []).find((m: any) => m.mountPath === path);
        const volume = mount && (spec.volumes ?? []).find((v: any) => v.name === mount.name);
        if (!volume?.emptyDir || mount.readOnly === true) out.push(`${cw}: ${path} is not a writable emptyDir mount`);
      }
    }
  }
  return out;
}

/** The findings for every pod spec in the objects. */
export function restrictedProblems(objects: readonly Record<string, any>[], options: RestrictedOptions = {}): string[] {
  const out: string[] = [];
  for (const o of objects) {
    for (const { where, spec, podMetadata } of podSpecsOf(o)) out.push(...restrictedProblemsOfPod(where, spec, podMetadata, options));
  }
  return out;
}

/** How many pod specs the objects hold (to assert the checker saw something). */
export function podSpecCount(objects: readonly Record<string, any>[]): number {
  return objects.reduce((n, o) => n + podSpecsOf(o).length, 0);
}
