/**
 * fast-check generators for the property tests: valid props (including the
 * borderline values the rules accept), and hostile values (NaN, Infinity,
 * negative, huge, empty, unicode, 10 000-character strings, wrong types).
 */
import fc from 'fast-check';
import { AuthKeys, Autoscaler, EnvoyGateway, ModelSource } from 'aks-ml-constructs';
import { MAX_CPU_CORES, MAX_MEMORY_GB } from '../../../src/core/webservice/deploy-configuration';

/** Fixed seeds: every run of the suite explores the same cases. */
export const SEED = 20260630;

// ---------------------------------------------------------------- strings

/** Text of every kind: ASCII, full unicode (graphemes), empty, blank, long. */
export const anyText: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', '\t', 'ü', '名前', '🙂🙂', 'a\nb', '{{ .password }}', '${HOME}', '"; rm -rf / #', '-', '.', '__proto__', 'constructor') },
  { weight: 1, arbitrary: fc.constantFrom('x'.repeat(10_000), 'é'.repeat(300), '-'.repeat(100)) },
);

/** Non-blank text (at least one non-space character). */
export const nonBlankText = anyText.filter((s) => s.trim().length > 0);

/** The Azure ML v1 service-name rule: 3 to 32 chars. */
export const serviceName = fc.stringMatching(/^[a-z][-a-z0-9]{1,30}[a-z0-9]$/);
/** A DNS-1123 label (namespaces, Secret names). */
export const dnsLabel = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/);
const imageSegment = fc.stringMatching(/^[a-z0-9]{1,8}([._-][a-z0-9]{1,8}){0,2}$/);
/** Container image references. */
export const image = fc
  .tuple(
    imageSegment,
    fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
    fc.array(imageSegment, { minLength: 1, maxLength: 3 }),
    fc.option(fc.stringMatching(/^[\w][\w.-]{0,20}$/), { nil: undefined }),
    fc.option(fc.stringMatching(/^[a-f0-9]{64}$/), { nil: undefined }),
  )
  .map(([host, port, path, tag, digest]) => `${host}${port ? `:${port}` : ''}/${path.join('/')}${tag ? `:${tag}` : ''}${digest ? `@sha256:${digest}` : ''}`);
/** An absolute path (any characters but NUL and line breaks). */
export const absolutePath = fc.oneof(
  fc.array(fc.stringMatching(/^[-._a-zA-Z0-9]{1,12}$/), { minLength: 1, maxLength: 4 }).map((p) => `/${p.join('/')}`),
  fc.string({ unit: 'grapheme', maxLength: 20 }).map((s) => `/${s.replace(/[\0\n\r]/g, '')}`),
  fc.constantFrom('/', '/tmp', '/tmp/', '/var/azureml-app', '/var/azureml-app/azureml-models', '/home/downloader', '/a b', '/ü'),
);
/** Label keys (optionally prefixed) and values. */
export const labelKey = fc.tuple(
  fc.option(fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,10}[a-z0-9])?(\.[a-z0-9]{1,6}){0,2}$/), { nil: undefined }),
  fc.stringMatching(/^[A-Za-z0-9]([-A-Za-z0-9_.]{0,20}[A-Za-z0-9])?$/),
).map(([p, n]) => (p ? `${p}/${n}` : n));
export const labelValue = fc.stringMatching(/^(([A-Za-z0-9][-A-Za-z0-9_.]{0,20})?[A-Za-z0-9])?$/);
const envName = fc.stringMatching(/^[-._a-zA-Z][-._a-zA-Z0-9]{0,20}$/).filter((n) => !RESERVED.has(n));
const RESERVED = new Set([
  'AZUREML_ENTRY_SCRIPT', 'AZUREML_MODEL_DIR', 'AML_APP_ROOT', 'WORKER_COUNT', 'SCORING_TIMEOUT_MS',
  'AML_APP_INSIGHTS_ENABLED', 'AML_APP_INSIGHTS_KEY', 'APPLICATIONINSIGHTS_CONNECTION_STRING', 'AML_MODEL_DC_STORAGE_ENABLED', 'SERVICE_NAME',
  'AML_MDC_STORAGE_ENABLED', 'SERVICE_PATH_PREFIX', 'WORKER_TIMEOUT',
  // Refused: it blocks the inference server forever.
  'AZUREML_DEBUG_PORT',
]);
/** Text usable as one argument of a command. */
const argText = fc.string({ maxLength: 20 }).filter((a) => !a.includes('\0'));
const guid = fc.uuid();
/** Printable ASCII without spaces, as keys must be. */
const keyString = fc.stringMatching(/^[\x21-\x7e]{1,64}$/);

// ---------------------------------------------------------------- numbers

const INT32_MAX = 2147483647;
/** Positive whole numbers, with the borderlines 1 and 2^31-1 often. */
export const positiveInt = fc.oneof(
  { weight: 5, arbitrary: fc.integer({ min: 1, max: 1000 }) },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: INT32_MAX }) },
  { weight: 1, arbitrary: fc.constantFrom(1, INT32_MAX) },
);
/** Resource amounts (cores, GB) up to `max`: millicore steps, arbitrary doubles, and extremes. */
export function resourceAmount(max: number): fc.Arbitrary<number> {
  return fc.oneof(
    { weight: 5, arbitrary: fc.integer({ min: 1, max: 64_000 }).map((m) => m / 1000) },
    { weight: 2, arbitrary: fc.double({ min: 0.001, max: Math.min(1e6, max), noNaN: true }) },
    { weight: 1, arbitrary: fc.double({ min: 0.001, max, noNaN: true }) },
    { weight: 1, arbitrary: fc.constantFrom(0.001, 0.0005, 0.0015, 1e6, max) },
  );
}

// ---------------------------------------------------------------- props

/** Optional fields: each key is present about half of the time. */
function optional<T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> {
  return fc.option(arb, { nil: undefined, freq: 2 });
}

const modelSource = fc.oneof(
  fc.constant(undefined),
  absolutePath.map((p) => ModelSource.inImage(p)),
  fc.record(
    {
      storageAccount: fc.stringMatching(/^[a-z0-9]{3,24}$/),
      container: fc.stringMatching(/^[a-z0-9]{2,4}(-[a-z0-9]{1,6}){0,3}[a-z0-9]$/),
      path: optional(nonBlankText.filter((s) => s.length <= 1024)),
      clientId: guid,
      resourceGroup: optional(fc.stringMatching(/^[-\w.()]{1,90}$/).filter((s) => s.trim().length > 0)),
      downloaderImage: optional(image),
    },
    { requiredKeys: ['storageAccount', 'container', 'clientId'] },
  ).map((o) => ModelSource.fromBlobStorage(o)),
  fc.record(
    {
      models: fc.uniqueArray(
        fc.record({
          name: fc.stringMatching(/^[a-zA-Z0-9][a-zA-Z0-9._-]{0,40}$/),
          version: fc.integer({ min: 1, max: 100000 }),
          blobUrl: fc
            .tuple(fc.stringMatching(/^[a-z0-9]{3,24}$/), fc.stringMatching(/^[a-z0-9]{2,4}(-[a-z0-9]{1,6}){0,3}[a-z0-9]$/), fc.array(fc.stringMatching(/^[A-Za-z0-9._-]{1,12}$/).filter((x) => x !== '.' && x !== '..'), { maxLength: 4 }), fc.boolean())
            .map(([account, container, folder, slash]) => `https://${account}.blob.core.windows.net/${container}${folder.length ? `/${folder.join('/')}` : ''}${slash ? '/' : ''}`),
        }),
        { minLength: 1, maxLength: 3, selector: (m) => `${m.name}:${m.version}` },
      ),
      clientId: guid,
      resourceGroup: optional(fc.stringMatching(/^[-\w.()]{1,90}$/).filter((s) => s.trim().length > 0)),
      downloaderImage: optional(image),
    },
    { requiredKeys: ['models', 'clientId'] },
  ).map((o) => ModelSource.fromRegisteredModels(o)),
);

const authKeys = fc.oneof(
  fc.constant(undefined),
  fc.integer({ min: 16, max: 128 }).map((length) => AuthKeys.generated({ length })),
  dnsLabel.map((n) => AuthKeys.fromSecret(n)),
  fc.record({
    name: dnsLabel,
    kind: fc.constantFrom('SecretStore', 'ClusterSecretStore', undefined),
    a: fc.stringMatching(/^[0-9a-zA-Z-]{1,40}$/),
    b: fc.stringMatching(/^[0-9a-zA-Z-]{1,40}$/),
    refresh: fc.constantFrom(undefined, '1h', '15m', '1h30m', '0.5s', '10ms'),
  })
    .filter((r) => r.a !== r.b)
    .map((r) => AuthKeys.fromKeyVault({
      secretStore: { name: r.name, kind: r.kind as any },
      primaryKeySecretName: r.a,
      secondaryKeySecretName: r.b,
      refreshInterval: r.refresh,
    })),
);

/** Autoscaling: either the autoscaler (min <= max) or a fixed replica count. */
const scaling = fc.oneof(
  fc.record(
    {
      autoscaleEnabled: fc.constantFrom(true, undefined),
      autoscaleMinReplicas: optional(fc.oneof(fc.integer({ min: 1, max: 10 }), positiveInt)),
      autoscaleMaxReplicas: optional(fc.oneof(fc.integer({ min: 1, max: 100 }), positiveInt)),
      autoscaleRefreshSeconds: optional(positiveInt),
      autoscaleTargetUtilization: optional(fc.integer({ min: 1, max: 100 })),
    },
    { requiredKeys: [] },
  ).map((s) => {
    const min = s.autoscaleMinReplicas ?? 1;
    const max = s.autoscaleMaxReplicas ?? 10;
    if (min <= max) return s;
    // Keep min <= max with the defaults in mind.
    return s.autoscaleMaxReplicas === undefined ? { ...s, autoscaleMaxReplicas: min } : { ...s, autoscaleMinReplicas: s.autoscaleMaxReplicas };
  }),
  fc.record({ numReplicas: positiveInt, autoscaleEnabled: fc.constantFrom(false, undefined) }, { requiredKeys: ['numReplicas'] }),
);

/** Resources: requests, and limits at or above them. */
const resources = fc.record(
  {
    cpuCores: optional(resourceAmount(MAX_CPU_CORES)),
    memoryGb: optional(resourceAmount(MAX_MEMORY_GB)),
    cpuExtra: optional(fc.oneof(fc.constant(0), resourceAmount(MAX_CPU_CORES))),
    memExtra: optional(fc.oneof(fc.constant(0), resourceAmount(MAX_MEMORY_GB))),
    gpuCores: optional(fc.oneof(fc.integer({ min: 0, max: 8 }), fc.constantFrom(0, 2 ** 31 - 1))),
  },
  { requiredKeys: [] },
).map(({ cpuExtra, memExtra, ...r }) => ({
  ...r,
  ...(cpuExtra !== undefined ? { cpuCoresLimit: Math.min(MAX_CPU_CORES, (r.cpuCores ?? 0.1) + cpuExtra) } : {}),
  ...(memExtra !== undefined ? { memoryGbLimit: Math.min(MAX_MEMORY_GB, (r.memoryGb ?? 0.5) + memExtra) } : {}),
}));

/** Entra ID settings of token auth. */
const audience = fc.oneof(
  fc.stringMatching(/^api:\/\/[a-z0-9][-a-z0-9]{0,30}$/),
  guid,
  nonBlankText.map((s) => s.trim()).filter((s) => s.length > 0 && s.length <= 1024),
);
const entra = fc.record(
  {
    entraTenantId: guid,
    entraAudience: fc.oneof(audience, fc.uniqueArray(audience, { minLength: 1, maxLength: 8 })),
    entraTokenVersions: optional(fc.constantFrom<Array<'v1' | 'v2'>>(['v1'], ['v2'], ['v2', 'v1'], ['v1', 'v2'])),
  },
  { requiredKeys: ['entraTenantId', 'entraAudience'] },
);

/** Auth: keys from a source, or explicit keys (two different ones), or token auth. */
const auth = fc.oneof(
  fc.record({ authEnabled: fc.constantFrom(true, undefined), keys: authKeys }, { requiredKeys: [] }),
  fc.record({ authEnabled: fc.constantFrom(true, undefined), primaryKey: keyString, secondaryKey: optional(keyString), keys: authKeys }, { requiredKeys: ['primaryKey'] })
    .filter((a) => a.primaryKey !== a.secondaryKey),
  fc.record({ authEnabled: fc.constant(false), tokenAuthEnabled: fc.constantFrom(false, undefined) }, { requiredKeys: ['authEnabled'] }),
  fc.tuple(
    fc.record({ tokenAuthEnabled: fc.constant(true), authEnabled: fc.constantFrom(false, undefined) }, { requiredKeys: ['tokenAuthEnabled'] }),
    entra,
  ).map(([a, e]) => ({ ...a, ...e })),
);

const security = fc.oneof(
  { weight: 4, arbitrary: fc.record({ restrictedSecurityContext: fc.constantFrom(true, undefined), runAsUser: optional(fc.integer({ min: 1, max: INT32_MAX })) }, { requiredKeys: [] }) },
  { weight: 1, arbitrary: fc.record({ restrictedSecurityContext: fc.constant(false), runAsUser: optional(fc.integer({ min: 0, max: INT32_MAX })) }, { requiredKeys: ['restrictedSecurityContext'] }) },
);

const container = fc.record(
  {
    // The inference server's own port, or any port with a start command of your own.
    start: fc.oneof(
      fc.record({ containerPort: optional(fc.constant(5001)) }, { requiredKeys: [] }),
      fc.record(
        {
          containerPort: optional(fc.oneof(fc.integer({ min: 1, max: 65535 }), fc.constantFrom(1, 65535, 80))),
          command: fc.array(argText, { minLength: 1, maxLength: 3 }).map((a) => ['my-server', ...a.slice(1)]),
          args: optional(fc.array(argText, { maxLength: 4 })),
        },
        { requiredKeys: ['command'] },
      ),
      fc.record(
        { containerPort: fc.integer({ min: 1, max: 65535 }), args: fc.array(argText, { maxLength: 4 }) },
        { requiredKeys: ['containerPort', 'args'] },
      ),
    ),
    entryScript: optional(nonBlankText.filter((s) => !/[\0\n\r]/.test(s) && s.length <= 1024)),
    env: optional(fc.dictionary(envName, anyText, { maxKeys: 5 })),
    appInsightsConnectionString: optional(fc.record({ name: dnsLabel, key: fc.stringMatching(/^[-._a-zA-Z0-9]{1,30}$/) })),
    readOnlyRootFilesystem: optional(fc.boolean()),
    writablePaths: optional(fc.uniqueArray(absolutePath, { maxLength: 4, selector: folderOf })),
    imagePullSecrets: optional(fc.array(dnsLabel, { maxLength: 3 })),
    nodeSelector: optional(fc.dictionary(labelKey, labelValue, { maxKeys: 3 })),
  },
  { requiredKeys: [] },
);

const metadata = fc.record(
  {
    tags: optional(fc.dictionary(nonBlankText, anyText, { maxKeys: 6 })),
    properties: optional(fc.dictionary(nonBlankText, anyText, { maxKeys: 6 })),
    description: optional(anyText.filter((s) => s.length <= 4096)),
    computeTargetName: optional(nonBlankText),
    namespace: optional(dnsLabel),
    createNamespace: optional(fc.boolean()),
  },
  { requiredKeys: [] },
);

const serving = fc.record(
  {
    scoringTimeoutMs: optional(positiveInt),
    replicaMaxConcurrentRequests: optional(positiveInt),
    maxRequestWaitTime: optional(positiveInt),
    periodSeconds: optional(positiveInt),
    initialDelaySeconds: optional(positiveInt),
    timeoutSeconds: optional(positiveInt),
    successThreshold: optional(positiveInt),
    failureThreshold: optional(positiveInt),
    collectModelData: optional(fc.boolean()),
    enableAppInsights: optional(fc.boolean()),
    blobfuseEnabled: optional(fc.boolean()),
  },
  { requiredKeys: [] },
);

/** The folder a path names ("/tmp/" and "//tmp" are "/tmp"). */
export function folderOf(path: string): string {
  return path.replace(/\/+/g, '/').replace(/(.)\/$/, '$1');
}

/** A DNS-1123 subdomain (Gateway and listener names, host names). */
export const dnsSubdomain = fc
  .array(fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,10}[a-z0-9])?$/), { minLength: 1, maxLength: 4 })
  .map((labels) => labels.join('.'));

/** Where the service is published. */
export const gatewayRef = fc.record(
  {
    name: dnsSubdomain,
    namespace: optional(dnsLabel),
    hostname: optional(dnsSubdomain),
    sectionName: optional(dnsSubdomain),
    scheme: optional(fc.constantFrom<'https' | 'http'>('https', 'http')),
    implementation: optional(fc.record({ proxyReplicas: optional(fc.integer({ min: 1, max: 1000 })), gatewayNamespaceMode: optional(fc.boolean()) }, { requiredKeys: [] })
      .map((o) => new EnvoyGateway(o))),
  },
  { requiredKeys: ['name'] },
);

/** What scales the deployment. */
export const autoscaler = fc.oneof(
  fc.constant(Autoscaler.cpu()),
  fc.record(
    {
      prometheusServerAddress: fc.oneof(
        fc.constantFrom('http://prometheus-operated.monitoring.svc:9090', 'https://x.prometheus.monitor.azure.com'),
        fc.webUrl({ withQueryParameters: false, withFragments: false }),
      ),
      authentication: optional(fc.record({ name: dnsLabel, kind: optional(fc.constantFrom<'TriggerAuthentication' | 'ClusterTriggerAuthentication'>('TriggerAuthentication', 'ClusterTriggerAuthentication')) }, { requiredKeys: ['name'] })),
      scaleDownStabilizationSeconds: optional(fc.integer({ min: 0, max: 3600 })),
    },
    { requiredKeys: ['prometheusServerAddress'] },
  ).map((o) => Autoscaler.concurrency(o)),
);

/** Drops the keys whose value is undefined (so "absent" and "undefined" both occur). */
function compact<T extends object>(o: T, keepUndefined: boolean): T {
  if (keepUndefined) return o;
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** Props of a web service that the rules accept (borderline values included). */
export const validWebserviceProps: fc.Arbitrary<Record<string, any>> = fc
  .tuple(serviceName, image, scaling, resources, auth, security, container, metadata, serving, modelSource, fc.boolean(),
    fc.record({ gateway: optional(gatewayRef), autoscaler: optional(autoscaler) }, { requiredKeys: [] }))
  .map(([name, img, sc, res, au, sec, con, meta, serv, model, keepUndefined, publish]) => {
    // A blob model is mounted at its folder: no writable path there.
    const writablePaths = model?.kind === 'blob' && con.writablePaths
      ? con.writablePaths.filter((w) => folderOf(w) !== folderOf(model.modelDir))
      : con.writablePaths;
    // The concurrency autoscaler reads gateway metrics keyed by namespace: it needs one.
    const namespace = publish.autoscaler?.kind === 'concurrency' ? (meta.namespace ?? 'scoring') : meta.namespace;
    const { start, ...containerProps } = con;
    return compact({ name, image: img, ...sc, ...res, ...au, ...sec, ...containerProps, ...start, writablePaths, ...meta, namespace, ...serv, ...publish, ...(model ? { model } : {}) }, keepUndefined);
  });

// ---------------------------------------------------------------- hostile values

class Weird {
  public toString(): string {
    throw new Error('toString called');
  }
}
const circular: Record<string, unknown> = { a: 1 };
circular.self = circular;

/** Values that are wrong for every prop of the given kind (numbers, booleans, strings, maps, lists). */
export const wrongForNumber = fc.oneof(
  fc.constantFrom<unknown>(NaN, Infinity, -Infinity, '1', '', null, true, [], {}, [1], 10n, Symbol('s'), () => 1, new Weird(), circular, new Date(0), new Number(1)),
  fc.string({ maxLength: 5 }),
);
export const wrongForBoolean = fc.constantFrom<unknown>('true', 'false', 1, 0, NaN, null, [], {}, 'yes', Symbol('b'), new Boolean(true), circular);
export const wrongForString = fc.constantFrom<unknown>(1, 0, NaN, null, true, [], {}, ['a'], 10n, Symbol('t'), new String('x'), circular, new Weird());
export const wrongForMap = fc.constantFrom<unknown>('a=b', 1, true, ['a', 'b'], [['a', 'b']], null, { a: 1 }, { a: null }, { a: ['x'] }, { a: {} }, { '': 'x' }, { a: Symbol('m') }, circular);
/** Wrong for the v1 tags and properties: as for other maps, except the empty key that v1 accepted (issue 13). */
export const wrongForTagMap = fc.constantFrom<unknown>('a=b', 1, true, ['a', 'b'], [['a', 'b']], null, { a: 1 }, { a: null }, { a: ['x'] }, { a: {} }, { a: Symbol('m') }, circular);
export const wrongForList = fc.constantFrom<unknown>('/tmp', 1, true, {}, null, { 0: '/tmp' }, [1], [null], [{}], ['relative/path'], [''], circular);

/** Any hostile value at all. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  wrongForNumber,
  wrongForBoolean,
  wrongForString,
  wrongForMap,
  wrongForList,
  fc.constantFrom<unknown>(-1, 0, -0, 1.5, 0.0004, 2 ** 31, 2 ** 53, 2 ** 53 + 2, Number.MAX_VALUE, Number.MIN_VALUE, -1e308, 1e21, undefined),
  anyText,
  fc.double(),
  fc.integer(),
  fc.anything({ maxDepth: 2 }),
);

/** The kinds of the web service props, for choosing values that are always wrong. */
export const WEBSERVICE_PROP_KINDS: Record<string, 'number' | 'boolean' | 'string' | 'stringOrList' | 'map' | 'tagMap' | 'list' | 'argv' | 'object'> = {
  name: 'string', image: 'string', autoscaleEnabled: 'boolean', autoscaleMinReplicas: 'number', autoscaleMaxReplicas: 'number',
  autoscaleRefreshSeconds: 'number', autoscaleTargetUtilization: 'number', collectModelData: 'boolean', authEnabled: 'boolean',
  cpuCores: 'number', memoryGb: 'number', enableAppInsights: 'boolean', scoringTimeoutMs: 'number',
  replicaMaxConcurrentRequests: 'number', maxRequestWaitTime: 'number', numReplicas: 'number', primaryKey: 'string',
  secondaryKey: 'string', tags: 'tagMap', properties: 'tagMap', description: 'string', gpuCores: 'number', periodSeconds: 'number',
  initialDelaySeconds: 'number', timeoutSeconds: 'number', successThreshold: 'number', failureThreshold: 'number',
  namespace: 'string', tokenAuthEnabled: 'boolean', computeTargetName: 'string', cpuCoresLimit: 'number', memoryGbLimit: 'number',
  blobfuseEnabled: 'boolean', containerPort: 'number', command: 'argv', args: 'argv', entryScript: 'string', env: 'map', model: 'object', keys: 'object',
  entraTenantId: 'string', entraAudience: 'stringOrList', entraTokenVersions: 'list',
  appInsightsConnectionString: 'object', restrictedSecurityContext: 'boolean', runAsUser: 'number', readOnlyRootFilesystem: 'boolean',
  writablePaths: 'list', imagePullSecrets: 'list', nodeSelector: 'map', createNamespace: 'boolean',
  gateway: 'object', autoscaler: 'object',
};

/** A value that is wrong for a prop of this kind, whatever else is set. */
export function alwaysWrong(kind: string): fc.Arbitrary<unknown> {
  switch (kind) {
    case 'number': return wrongForNumber;
    case 'boolean': return wrongForBoolean;
    case 'string': return wrongForString;
    case 'map': return wrongForMap;
    case 'tagMap': return wrongForTagMap;
    case 'list': return wrongForList;
    // command/args: not a list of strings, or a string with a NUL.
    case 'argv': return fc.constantFrom<unknown>('/tmp', 1, true, {}, null, { 0: 'x' }, [1], [null], [{}], ['a\0b'], circular);
    case 'stringOrList': return fc.constantFrom<unknown>(1, NaN, null, true, {}, [], [1], [''], [' a'], ['a', 'a'], Symbol('l'), circular, new Weird());
    default: return fc.constantFrom<unknown>('x', 1, true, [], {}, { kind: 'blob' }, { source: 'generated', options: {} }, circular);
  }
}

// ---------------------------------------------------------------- endpoints

/** Props that belong to the endpoint, not to a version. */
const ENDPOINT_LEVEL = ['name', 'authEnabled', 'tokenAuthEnabled', 'primaryKey', 'secondaryKey', 'enableAppInsights', 'namespace',
  'keys', 'gateway', 'entraTenantId', 'entraAudience', 'entraTokenVersions', 'createNamespace'];

/** A version: a web service configuration without the endpoint's props, plus traffic settings. */
const versionBase = validWebserviceProps.map((p) => Object.fromEntries(Object.entries(p).filter(([k]) => !ENDPOINT_LEVEL.includes(k))));

/**
 * Valid endpoint props: 1 to 6 versions with unique names, percentiles adding up to at
 * most 100, at most one default and one control.
 */
export const validEndpointProps: fc.Arbitrary<Record<string, any>> = fc
  .uniqueArray(serviceName, { minLength: 1, maxLength: 6 })
  .chain((versionNames) => fc.tuple(
    validWebserviceProps,
    fc.constant(versionNames),
    fc.array(versionBase, { minLength: versionNames.length, maxLength: versionNames.length }),
    fc.array(fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }), { minLength: 6, maxLength: 6 }),
    fc.option(fc.nat(5), { nil: undefined }),
    fc.option(fc.nat(5), { nil: undefined }),
    fc.array(fc.constantFrom<string | undefined>(undefined, 'Treatment'), { minLength: 6, maxLength: 6 }),
  ))
  .map(([endpoint, names, bases, percents, defaultIndex, controlIndex, types]) => {
    let budget = 100;
    const versions = names.map((versionName, i) => {
      const p = percents[i] === undefined ? undefined : Math.min(percents[i]!, budget);
      if (p !== undefined) budget -= p;
      return Object.fromEntries(Object.entries({
        ...bases[i],
        versionName,
        trafficPercentile: p,
        isDefault: defaultIndex !== undefined && defaultIndex % names.length === i ? true : undefined,
        versionType: controlIndex !== undefined && controlIndex % names.length === i ? 'Control' : types[i],
      }).filter(([, v]) => v !== undefined));
    });
    const own = Object.fromEntries(Object.entries(endpoint).filter(([k]) => ENDPOINT_LEVEL.includes(k)));
    // The concurrency autoscaler needs the endpoint's namespace.
    const needsNamespace = versions.some((v: any) => v.autoscaler?.kind === 'concurrency');
    return { ...own, ...(needsNamespace && own.namespace === undefined ? { namespace: 'scoring' } : {}), versions };
  });

/** The kinds of the endpoint-level props and of a version's traffic props. */
export const ENDPOINT_PROP_KINDS: Record<string, 'number' | 'boolean' | 'string' | 'stringOrList' | 'map' | 'tagMap' | 'list' | 'argv' | 'object'> = {
  name: 'string', authEnabled: 'boolean', tokenAuthEnabled: 'boolean', primaryKey: 'string', secondaryKey: 'string',
  enableAppInsights: 'boolean', namespace: 'string', keys: 'object', gateway: 'object', entraTenantId: 'string',
  entraAudience: 'stringOrList', entraTokenVersions: 'list', createNamespace: 'boolean', versions: 'list',
};
export const VERSION_PROP_KINDS: Record<string, 'number' | 'boolean' | 'string' | 'stringOrList' | 'map' | 'tagMap' | 'list' | 'argv' | 'object'> = {
  ...Object.fromEntries(Object.entries(WEBSERVICE_PROP_KINDS).filter(([k]) => !ENDPOINT_LEVEL.includes(k))),
  versionName: 'string', trafficPercentile: 'number', isDefault: 'boolean', versionType: 'string',
};
