/**
 * `aks-ml explain`: the effective configuration of a v1 deployment config as a plain
 * text table: every setting, its value, where it came from (the file, with its JSON
 * path; an option; or the v1 default) and how it is realised (the Kubernetes object
 * and field, with the value found there).
 */
import { DEPLOY_CONFIGURATION_PROPS, V1_PARAMETER_NAMES, WEBSERVICE_DEFAULTS } from '../core/webservice/deploy-configuration';
import { KubeObject } from '../core/kube';
import { ResolvedGatewayRef } from '../core/gateway/gateway-ref';
import { ResolvedTokenAuth } from '../core/gateway/serving';
import { CliOptions } from './args';
import { CliError, EXIT_OK } from './errors';
import { DeployFile } from './deploy-files';
import { Io, printWarnings } from './io';
import { Planned, planAll } from './plan';
import { loadInputs, specsFor } from './specs';

/**
 * What is explained: one web service, or one version of an endpoint (with the
 * endpoint's shared settings and objects).
 */
export interface ExplainTarget {
  readonly heading: string;
  readonly file: DeployFile;
  /** The name shown in the `name` row (the service, or the version). */
  readonly name: string;
  /** Resolved values by prop. */
  readonly config: Readonly<Record<string, unknown>>;
  /** The props given (to tell why a default applies). */
  readonly given: Readonly<Record<string, unknown>>;
  readonly sources: Readonly<Record<string, string>>;
  /** The objects searched for each field: the service's (or version's) first, then the endpoint's. */
  readonly objects: readonly KubeObject[];
  /** The Kubernetes name of the workload (Deployment, Service...). */
  readonly workloadName: string;
  readonly keySecretNames: readonly string[];
  readonly gateway: ResolvedGatewayRef;
  readonly tokenAuth?: ResolvedTokenAuth;
  /** Extra settings (endpoint versions: versionName, trafficPercentile, isDefault, versionType). */
  readonly extraProps: readonly string[];
  readonly footer: readonly string[];
}

// ---------------------------------------------------------------------------
// Reading a field of a planned object
// ---------------------------------------------------------------------------

type Segment = { key: string } | { index: number } | { match: [string, string] };

/** Parses `spec.containers[0].env[name=X].value` and `metadata.labels["a/b"]`. */
function parsePath(path: string): Segment[] {
  const segments: Segment[] = [];
  const re = /\.?([A-Za-z0-9_$-]+)|\[(\d+)\]|\[(\w+)=([^\]]+)\]|\["([^"]+)"\]/gy;
  let m: RegExpExecArray | null;
  while ((m = re.exec(path)) !== null) {
    if (m[1] !== undefined) segments.push({ key: m[1] });
    else if (m[2] !== undefined) segments.push({ index: Number(m[2]) });
    else if (m[3] !== undefined) segments.push({ match: [m[3], m[4]] });
    else segments.push({ key: m[5] });
    if (re.lastIndex === path.length) break;
  }
  return segments;
}

function getPath(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const s of parsePath(path)) {
    if (cur === null || cur === undefined) return undefined;
    if ('key' in s) cur = (cur as Record<string, unknown>)[s.key];
    else if ('index' in s) cur = Array.isArray(cur) ? cur[s.index] : undefined;
    else cur = Array.isArray(cur) ? cur.find((x) => (x as Record<string, unknown>)?.[s.match[0]] === s.match[1]) : undefined;
  }
  return cur;
}

function show(value: unknown): string {
  if (value === undefined) return '(none)';
  if (typeof value === 'string') return JSON.stringify(value);
  return JSON.stringify(value);
}

const CONTAINER = 'spec.template.spec.containers[0]';

/** One place a setting shows up: an object (first of the kind) and a field path. */
interface FieldRef {
  readonly kind: string;
  readonly path: string;
  /** Show this instead of the value (keys). */
  readonly redact?: boolean;
  /** Only the object named after the service or endpoint (not a version's workload). */
  readonly named?: boolean;
}

const f = (kind: string, path: string, redact = false): FieldRef => ({ kind, path, ...(redact ? { redact } : {}) });
const named = (kind: string, path: string): FieldRef => ({ kind, path, named: true });
const env = (name: string): FieldRef => f('Deployment', `${CONTAINER}.env[name=${name}].value`);

const keysOtherwise = (t: ExplainTarget): string =>
  t.config.authEnabled ? 'generated in the cluster (not in the manifests)' : 'not used: key auth is off';

/** Where each setting is realised, and what to say when none of the fields exists. */
const REALISATION: Record<string, { fields: FieldRef[]; otherwise: string | ((t: ExplainTarget) => string) }> = {
  autoscaleEnabled: { fields: [f('Deployment', 'spec.replicas')], otherwise: 'no autoscaler' },
  autoscaleMinReplicas: {
    fields: [f('HorizontalPodAutoscaler', 'spec.minReplicas'), f('ScaledObject', 'spec.minReplicaCount')],
    otherwise: 'not used: autoscaling is off',
  },
  autoscaleMaxReplicas: {
    fields: [f('HorizontalPodAutoscaler', 'spec.maxReplicas'), f('ScaledObject', 'spec.maxReplicaCount')],
    otherwise: 'not used: autoscaling is off',
  },
  autoscaleRefreshSeconds: {
    fields: [f('ScaledObject', 'spec.pollingInterval')],
    otherwise: (t) =>
      t.config.autoscaleEnabled
        ? 'not realised: the CPU HorizontalPodAutoscaler polls at the cluster-wide --horizontal-pod-autoscaler-sync-period'
        : 'not used: autoscaling is off',
  },
  autoscaleTargetUtilization: {
    fields: [
      f('HorizontalPodAutoscaler', 'spec.metrics[0].resource.target.averageUtilization'),
      f('ScaledObject', 'spec.triggers[0].metadata.threshold'),
    ],
    otherwise: 'not used: autoscaling is off',
  },
  collectModelData: { fields: [env('AML_MDC_STORAGE_ENABLED'), env('AML_MODEL_DC_STORAGE_ENABLED')], otherwise: 'not realised' },
  authEnabled: {
    fields: [f('SecurityPolicy', 'spec.apiKeyAuth.credentialRefs')],
    otherwise: (t) => (t.config.authEnabled ? `key Secrets: ${t.keySecretNames.join(', ')}` : 'no key auth: no key Secrets, no key check at the gateway'),
  },
  tokenAuthEnabled: {
    fields: [f('SecurityPolicy', 'spec.jwt.providers')],
    otherwise: 'no token check at the gateway',
  },
  cpuCores: { fields: [f('Deployment', `${CONTAINER}.resources.requests.cpu`)], otherwise: 'not realised' },
  memoryGb: { fields: [f('Deployment', `${CONTAINER}.resources.requests.memory`)], otherwise: 'not realised' },
  cpuCoresLimit: { fields: [f('Deployment', `${CONTAINER}.resources.limits.cpu`)], otherwise: 'no CPU limit' },
  memoryGbLimit: { fields: [f('Deployment', `${CONTAINER}.resources.limits.memory`)], otherwise: 'no memory limit' },
  gpuCores: {
    fields: [
      f('Deployment', `${CONTAINER}.resources.requests["nvidia.com/gpu"]`),
      f('Deployment', `${CONTAINER}.resources.limits["nvidia.com/gpu"]`),
      f('Deployment', 'spec.template.spec.tolerations[key=sku]'),
    ],
    otherwise: 'no nvidia.com/gpu request',
  },
  enableAppInsights: {
    fields: [env('AML_APP_INSIGHTS_ENABLED'), f('Deployment', `${CONTAINER}.env[name=APPLICATIONINSIGHTS_CONNECTION_STRING].valueFrom.secretKeyRef`)],
    otherwise: 'not realised',
  },
  scoringTimeoutMs: {
    fields: [
      f('HTTPRoute', 'spec.rules[0].timeouts.request'),
      env('SCORING_TIMEOUT_MS'),
      env('WORKER_TIMEOUT'),
      f('Deployment', 'spec.template.spec.terminationGracePeriodSeconds'),
    ],
    otherwise: 'not realised',
  },
  replicaMaxConcurrentRequests: {
    fields: [env('WORKER_COUNT'), f('BackendTrafficPolicy', 'spec.circuitBreaker.perEndpoint.maxConnections'), f('BackendTrafficPolicy', 'spec.circuitBreaker.maxParallelRequests')],
    otherwise: 'not realised',
  },
  maxRequestWaitTime: {
    fields: [f('BackendTrafficPolicy', 'spec.circuitBreaker.maxPendingRequests'), f('HTTPRoute', 'spec.rules[0].timeouts.request')],
    otherwise: 'not realised: the queue is the gateway\'s',
  },
  numReplicas: { fields: [f('Deployment', 'spec.replicas')], otherwise: 'not set: the autoscaler owns the replica count' },
  primaryKey: { fields: [f('Secret', 'stringData.primary', true)], otherwise: keysOtherwise },
  secondaryKey: { fields: [f('Secret', 'stringData.secondary', true)], otherwise: keysOtherwise },
  tags: { fields: [f('Deployment', 'metadata.annotations["aks-ml-constructs.io/tags"]')], otherwise: 'no tags' },
  properties: { fields: [], otherwise: 'no properties' },
  description: { fields: [f('Deployment', 'metadata.annotations["aks-ml-constructs.io/description"]')], otherwise: 'no description annotation' },
  periodSeconds: {
    fields: [f('Deployment', `${CONTAINER}.livenessProbe.periodSeconds`), f('Deployment', `${CONTAINER}.readinessProbe.periodSeconds`)],
    otherwise: 'not realised',
  },
  initialDelaySeconds: { fields: [f('Deployment', `${CONTAINER}.startupProbe.failureThreshold`)], otherwise: 'not realised' },
  timeoutSeconds: {
    fields: [f('Deployment', `${CONTAINER}.livenessProbe.timeoutSeconds`), f('Deployment', `${CONTAINER}.readinessProbe.timeoutSeconds`)],
    otherwise: 'not realised',
  },
  successThreshold: { fields: [f('Deployment', `${CONTAINER}.readinessProbe.successThreshold`)], otherwise: 'not realised' },
  failureThreshold: {
    fields: [f('Deployment', `${CONTAINER}.livenessProbe.failureThreshold`), f('Deployment', `${CONTAINER}.readinessProbe.failureThreshold`)],
    otherwise: 'not realised',
  },
  namespace: {
    fields: [f('Namespace', 'metadata.name')],
    otherwise: 'no namespace in the manifests: the one you apply them to (kubectl -n, Argo CD, Flux)',
  },
  computeTargetName: {
    fields: [f('Deployment', 'metadata.annotations["aks-ml-constructs.io/compute-target-name"]')],
    otherwise: 'no compute-target annotation',
  },
  blobfuseEnabled: {
    fields: [f('PersistentVolume', 'spec.csi.driver')],
    otherwise: 'no effect: the model is in the image (nothing is mounted or downloaded)',
  },
  name: { fields: [named('Deployment', 'metadata.name'), named('HTTPRoute', 'spec.rules[0].matches[0].path.value')], otherwise: 'not realised' },
  image: { fields: [f('Deployment', `${CONTAINER}.image`)], otherwise: 'not realised' },
  entryScript: { fields: [env('AZUREML_ENTRY_SCRIPT')], otherwise: 'not realised' },
  gateway: { fields: [f('HTTPRoute', 'spec.parentRefs[0]'), f('HTTPRoute', 'spec.hostnames')], otherwise: 'not realised' },
  entraTenantId: { fields: [f('SecurityPolicy', 'spec.jwt.providers[0].issuer'), f('SecurityPolicy', 'spec.jwt.providers[1].issuer')], otherwise: 'not realised' },
  entraAudience: { fields: [f('SecurityPolicy', 'spec.jwt.providers[0].audiences')], otherwise: 'not realised' },
  versionName: { fields: [f('Deployment', 'metadata.name'), f('Deployment', 'metadata.labels["aks-ml-constructs.io/version"]')], otherwise: 'not realised' },
  versionType: { fields: [f('Deployment', 'metadata.labels["aks-ml-constructs.io/version-type"]')], otherwise: 'not realised' },
  trafficPercentile: { fields: [], otherwise: 'not realised' },
  isDefault: { fields: [], otherwise: 'not realised' },
};

/** The first object of a kind; for a workload kind, the one of the explained workload. */
function objectOf(t: ExplainTarget, kind: string): KubeObject | undefined {
  return t.objects.find((o) => o.kind === kind && o.metadata.name === t.workloadName) ?? t.objects.find((o) => o.kind === kind);
}

const line = (o: KubeObject, path: string, value: string) => `${o.kind} ${o.metadata.name} ${path} = ${value}`;

/** The lines of the "realised as" column of a setting. */
export function realisation(prop: string, t: ExplainTarget): string[] {
  const spec = REALISATION[prop];
  if (!spec) return [];
  const lines: string[] = [];
  for (const ref of spec.fields) {
    const o = ref.named ? t.objects.find((x) => x.kind === ref.kind && x.metadata.name === t.name) : objectOf(t, ref.kind);
    if (!o) continue;
    const value = getPath(o, ref.path);
    if (value === undefined) continue;
    lines.push(line(o, ref.path, ref.redact ? '"<redacted>"' : show(value)));
  }
  const d = objectOf(t, 'Deployment');
  if ((prop === 'tags' || prop === 'properties') && d) {
    const prefix = prop === 'tags' ? 'tags.' : 'properties.';
    const where = prop === 'tags' ? 'labels' : 'annotations';
    for (const [k, v] of Object.entries((d.metadata[where] ?? {}) as Record<string, string>)) {
      if (k.startsWith(prefix)) lines.push(line(d, `metadata.${where}["${k}"]`, show(v)));
    }
  }
  if (prop === 'autoscaleEnabled') {
    const auto = t.objects.find((o) => (o.kind === 'HorizontalPodAutoscaler' || o.kind === 'ScaledObject') && o.metadata.name === t.workloadName);
    if (auto) lines.unshift(`${auto.kind} ${auto.metadata.name} scales the Deployment (spec.replicas left unset)`);
  }
  if (prop === 'authEnabled' && t.config.authEnabled) {
    for (const o of t.objects) {
      if (['Secret', 'ExternalSecret', 'Password'].includes(o.kind)) lines.push(`${o.kind} ${o.metadata.name}`);
    }
  }
  if (prop === 'namespace' && t.config.namespace !== undefined) {
    lines.push(`metadata.namespace of every namespaced object = ${show(t.config.namespace)}`);
  }
  if (prop === 'trafficPercentile' || prop === 'isDefault') {
    const route = t.objects.find((o) => o.kind === 'HTTPRoute' && o.metadata.name === t.name);
    if (route) {
      if (prop === 'trafficPercentile') {
        const path = `spec.rules[0].backendRefs[name=${t.workloadName}].weight`;
        const w = getPath(route, path);
        lines.push(w !== undefined ? line(route, path, show(w)) : `no share of ${route.kind} ${route.metadata.name}: reachable on its own route only`);
      } else if (t.config.isDefault) {
        lines.push(`takes the traffic no version claims (weight ${show(t.config.weight)})`);
        lines.push(line(route, 'spec.rules[1].backendRefs[0].name', show(getPath(route, 'spec.rules[1].backendRefs[0].name'))));
      } else {
        lines.push('not the default version');
      }
    }
  }
  if (lines.length === 0) lines.push(typeof spec.otherwise === 'function' ? spec.otherwise(t) : spec.otherwise);
  return lines;
}

// ---------------------------------------------------------------------------
// The table
// ---------------------------------------------------------------------------

const KEY_PROPS = new Set(['primaryKey', 'secondaryKey']);

function valueOf(prop: string, t: ExplainTarget): string {
  if (prop === 'entraTenantId' || prop === 'entraAudience') {
    return show(prop === 'entraTenantId' ? t.tokenAuth?.tenantId : t.tokenAuth?.audiences);
  }
  if (prop === 'gateway') {
    const g = t.gateway;
    return `${g.namespace ? `${g.namespace}/` : ''}${g.name}${g.sectionName ? ` (listener ${g.sectionName})` : ''}${g.hostname ? ` (host ${g.hostname})` : ''}`;
  }
  if (prop === 'name') return show(t.name);
  const v = t.config[prop];
  if (KEY_PROPS.has(prop)) return v === undefined ? '(generated)' : '<redacted>';
  if (v !== undefined && v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0) return '(none)';
  return show(v);
}

function sourceOf(prop: string, t: ExplainTarget): string {
  const src = t.sources[prop];
  const filePrefix = `${t.file.path}: `;
  if (src !== undefined) return src.startsWith(filePrefix) ? `file: ${src.slice(filePrefix.length)}` : src;
  if (prop === 'autoscaleEnabled') return `default (numReplicas ${t.given.numReplicas === undefined ? 'unset' : 'set'})`;
  if (prop === 'authEnabled' && t.config.tokenAuthEnabled) return 'default (off with token auth)';
  if (prop === 'numReplicas' || prop === 'cpuCoresLimit' || prop === 'memoryGbLimit') return 'default (none)';
  if (prop === 'trafficPercentile') return 'default (0)';
  if (prop === 'isDefault') return t.config.isDefault ? 'default (the first version)' : 'default (false)';
  if (prop === 'versionType') return 'default (Treatment)';
  if (prop in WEBSERVICE_DEFAULTS) return 'default (v1)';
  return 'default';
}

function settingName(prop: string): string {
  const v1 = (V1_PARAMETER_NAMES as Record<string, string>)[prop];
  return v1 !== undefined && v1 !== prop ? `${prop} (${v1})` : prop;
}

/** The props shown, in order: the v1 deploy configuration, then the container and serving props. */
export const EXPLAINED_PROPS: readonly string[] = ['name', ...DEPLOY_CONFIGURATION_PROPS, 'image', 'entryScript', 'gateway'];

/** Lays out rows as a plain text table; a cell with several lines continues on the next rows. */
export function formatTable(header: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | readonly string[]>>): string[] {
  const expanded: string[][] = [];
  for (const row of rows) {
    const cells = row.map((c) => (typeof c === 'string' ? [c] : [...c]));
    const height = Math.max(...cells.map((c) => c.length), 1);
    for (let i = 0; i < height; i++) expanded.push(cells.map((c) => c[i] ?? ''));
  }
  const widths = header.map((h, i) => Math.max(h.length, ...expanded.map((r) => r[i].length)));
  const render = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [render(header), render(widths.map((w) => '-'.repeat(w))), ...expanded.map(render)];
}

/** One explained setting (a row of the table, an element of the JSON form). */
export interface ExplainedSetting {
  /** The prop with its v1 name, e.g. `cpuCores (cpu_cores)`. */
  readonly setting: string;
  readonly prop: string;
  readonly value: string;
  readonly source: string;
  readonly realisedAs: string[];
}

/** The settings of one target, in the table's order. */
export function explainSettings(t: ExplainTarget): ExplainedSetting[] {
  const props = [...EXPLAINED_PROPS.slice(0, 1), ...t.extraProps, ...EXPLAINED_PROPS.slice(1), ...(t.config.tokenAuthEnabled ? ['entraTenantId', 'entraAudience'] : [])];
  return props.map((prop) => ({ setting: settingName(prop), prop, value: valueOf(prop, t), source: sourceOf(prop, t), realisedAs: realisation(prop, t) }));
}

/** The explanation of one target: heading, table, objects and paths. */
export function explainTarget(t: ExplainTarget): string[] {
  const rows = explainSettings(t).map((s) => [s.setting, s.value, s.source, s.realisedAs]);
  return [t.heading, '', ...formatTable(['setting', 'value', 'source', 'realised as'], rows), '', ...t.footer];
}

/** The narrow form: one block per setting, no line wider than its own content. */
export function explainTargetNarrow(t: ExplainTarget): string[] {
  const lines = [t.heading, ''];
  for (const s of explainSettings(t)) {
    lines.push(`${s.setting}: ${s.value}`, `  source: ${s.source}`);
    for (const [i, r] of s.realisedAs.entries()) lines.push(`  ${i === 0 ? 'realised as: ' : '             '}${r}`);
  }
  return [...lines, '', ...t.footer];
}

function fileDescription(file: DeployFile): string {
  const l = file.loaded;
  const kind = l.kind === 'webservice' ? 'computeType AKS' : 'computeType AKSENDPOINT';
  const format = l.format === 'aml-deploy-action' ? 'Azure/aml-deploy action parameters' : l.format.toUpperCase();
  return `${file.path} (${kind}; ${format})`;
}

/** The targets of a planned web service or endpoint. */
export function explainTargets(p: Planned): ExplainTarget[] {
  if (p.kind === 'webservice') {
    return [
      {
        heading: `Web service "${p.spec.name}" from ${fileDescription(p.spec.file)}`,
        file: p.spec.file,
        name: p.spec.name,
        config: p.plan.config as unknown as Record<string, unknown>,
        given: p.spec.props as unknown as Record<string, unknown>,
        sources: p.spec.sources,
        objects: p.plan.objects,
        workloadName: p.plan.service.name,
        keySecretNames: p.plan.keySecretNames,
        gateway: p.plan.gateway,
        ...(p.plan.config.tokenAuth ? { tokenAuth: p.plan.config.tokenAuth } : {}),
        extraProps: [],
        footer: [
          `Objects: ${p.plan.objects.map((o) => `${o.kind} ${o.metadata.name}`).join(', ')}`,
          `Scoring: POST ${p.plan.scoringUri ?? p.plan.scoringPath}   Swagger: GET ${p.plan.swaggerUri ?? p.plan.swaggerPath}`,
        ],
      },
    ];
  }
  const ep = p.plan;
  const c = ep.config;
  const ofVersions = new Set(ep.versions.flatMap((v) => v.objects));
  const shared = ep.objects.filter((o) => !ofVersions.has(o));
  return ep.versions.map((v, i) => {
    const resolved = c.versions[i];
    const sources = { ...p.spec.versionSources[i], ...p.spec.sources };
    return {
      heading: `Version "${v.versionName}" of endpoint "${c.name}" from ${fileDescription(p.spec.files[i])}`,
      file: p.spec.files[i],
      name: c.name,
      config: {
        ...(resolved as unknown as Record<string, unknown>),
        namespace: c.namespace,
        authEnabled: c.authEnabled,
        tokenAuthEnabled: c.tokenAuthEnabled,
        enableAppInsights: c.enableAppInsights,
        primaryKey: c.primaryKey,
        secondaryKey: c.secondaryKey,
      },
      given: p.spec.props.versions[i] as unknown as Record<string, unknown>,
      sources,
      objects: [...v.objects, ...shared],
      workloadName: v.kubernetesName,
      keySecretNames: ep.keySecretNames,
      gateway: ep.gateway,
      ...(c.tokenAuth ? { tokenAuth: c.tokenAuth } : {}),
      extraProps: ['versionName', 'trafficPercentile', 'isDefault', 'versionType'],
      footer: [
        `Objects of the version: ${v.objects.map((o) => `${o.kind} ${o.metadata.name}`).join(', ')}`,
        `Objects of the endpoint: ${shared.map((o) => `${o.kind} ${o.metadata.name}`).join(', ')}`,
        `Scoring: POST ${ep.scoringUri ?? ep.scoringPath} (${v.weight}% to this version; header ${v.header.name}: ${v.header.value} selects it)` +
          `   Version: POST ${v.scoringUri ?? v.scoringPath}`,
      ],
    };
  });
}

// ---------------------------------------------------------------------------
// The command
// ---------------------------------------------------------------------------

/** `aks-ml explain`. */
export function runExplain(opts: CliOptions, io: Io): number {
  const inputs = loadInputs(opts, 'explain', true);
  printWarnings(io, inputs.warnings);
  if (inputs.problems.length > 0) throw new CliError(inputs.problems);
  const specs = specsFor(opts, inputs, 'explain', true);
  printWarnings(io, specs.flatMap((s) => s.warnings));
  const planned = planAll(specs);
  printWarnings(io, planned.flatMap((p) => p.warnings));
  const targets = planned.flatMap(explainTargets);
  if (opts.json) {
    io.out(JSON.stringify(targets.map((t) => ({ heading: t.heading, file: t.file.path, name: t.name, settings: explainSettings(t), footer: t.footer })), null, 2));
    return EXIT_OK;
  }
  targets.forEach((t, i) => {
    if (i > 0) io.out('');
    for (const l of opts.narrow ? explainTargetNarrow(t) : explainTarget(t)) io.out(l);
  });
  return EXIT_OK;
}
