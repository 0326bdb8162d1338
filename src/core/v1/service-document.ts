/**
 * What a running Azure ML v1 service says about itself, as props: the Model
 * Management GET of a service (`.../services/<name>?expand=true`), the ARM resource
 * `Microsoft.MachineLearningServices/workspaces/services` (API versions
 * 2020-05-15-preview to 2021-07-01), `Webservice.serialize()` and
 * `az ml service show -o json` (which prints `serialize()`). The kind of document is
 * read from its shape; lists (`az ml service list`, an ARM or Model Management
 * `value[]`) give one entry per service. Field names are those of azureml-core's
 * `AksWebservice._initialize` / `AksEndpoint._initialize` / `serialize()` and of the
 * REST specs (`AKSServiceResponse`, `AKSVariantResponse`); missing keys and nulls mean
 * the v1 default.
 */
import { ConfigurationError, ConfigurationWarning, describeValue } from '../errors';
import type { AksEndpointProps, AksEndpointVersionProps } from '../endpoint/resolve';
import { isPlainObject } from '../validation';
import type { AksWebserviceProps } from '../webservice/resolve';
import { ModelSource } from '../webservice/model-source';
import { isValidImageReference } from './image-reference';
import { parseV1Document, subjectOf } from './parse';

/** The kinds of document {@link fromV1ServiceDocument} reads. */
export type V1ServiceDocumentKind = 'model-management' | 'arm' | 'serialize';

/** A registered model a v1 service ran (`modelIds`, `models`, `modelConfigMap`). */
export interface V1RegisteredModelRef {
  /** The model name. */
  readonly name: string;
  /** The model version. */
  readonly version: number;
  /** `<name>:<version>`, as v1 wrote it. */
  readonly id: string;
}

/**
 * The options of `ModelSource.fromRegisteredModels` the document and the model
 * locations make (data, so that it can be printed or passed on).
 */
export interface V1RegisteredModelsOptions {
  /** The models, each with the blob folder holding its files. */
  readonly models: ReadonlyArray<{ readonly name: string; readonly version: number; readonly blobUrl: string }>;
  /** The client id of the workload identity that reads the blobs. */
  readonly clientId: string;
}

/** What v1 built the image from (environment-based services): for `aks-ml dockerfile`. */
export interface V1ServiceEnvironment {
  /** The Azure ML environment's name. */
  readonly name?: string;
  /** The Azure ML environment's version. */
  readonly version?: string;
  /** The entry script (`environmentImageRequest.driverProgram`). */
  readonly driverProgram?: string;
  /** The conda specification (`environment.python.condaDependencies`). */
  readonly condaDependencies?: Record<string, unknown>;
  /** `environment.python.userManagedDependencies`: no conda environment was built. */
  readonly userManagedDependencies: boolean;
  /** `environment.environmentVariables`. */
  readonly environmentVariables: Record<string, string>;
  /** `environment.docker.baseImage`. */
  readonly baseImage?: string;
  /** The URLs of the source files v1 copied into the image (`environmentImageRequest.assets[].url`). */
  readonly assets: string[];
}

/** What every converted service or version carries besides its props. */
interface ConvertedCommon {
  /** The registered models the service ran. */
  readonly models: V1RegisteredModelRef[];
  /** The options of `ModelSource.fromRegisteredModels`, when every model's location was given. */
  readonly registeredModels?: V1RegisteredModelsOptions;
  /** What v1 built the image from, when the document says (environment-based services). */
  readonly environment?: V1ServiceEnvironment;
  /** Where the image came from: the document's JSON path, or `option`. */
  readonly imageSource: string;
  /** For each prop set, the JSON path in the document it came from. */
  readonly sources: Record<string, string>;
}

/** A converted AKS web service. */
export interface ConvertedV1Webservice extends ConvertedCommon {
  readonly kind: 'webservice';
  readonly name: string;
  /** The service's `state` (`Healthy`, `Unhealthy`, `Failed`...). */
  readonly state?: string;
  /** The scoring path clients call: `/api/v1/service/<name>/score`. */
  readonly scoringPath: string;
  /** The props of the service (spread into AksWebservice / AksWebserviceConstruct). */
  readonly props: AksWebserviceProps;
}

/** One version of a converted endpoint. */
export interface ConvertedV1EndpointVersion extends ConvertedCommon {
  readonly versionName: string;
}

/** A converted AKS endpoint. */
export interface ConvertedV1Endpoint {
  readonly kind: 'endpoint';
  readonly name: string;
  readonly state?: string;
  /** `/api/v1/service/<endpoint>/score` (weighted over the versions). */
  readonly scoringPath: string;
  /** The props of the endpoint (spread into AksEndpoint / AksEndpointConstruct). */
  readonly props: AksEndpointProps;
  /** For each endpoint prop set, the JSON path in the document it came from. */
  readonly sources: Record<string, string>;
  /** The versions, in the order of `props.versions`. */
  readonly versions: ConvertedV1EndpointVersion[];
}

/** The result of {@link fromV1ServiceDocument}. */
export interface V1ServiceDocumentConversion {
  /** The kind of document, read from its shape. */
  readonly documentKind: V1ServiceDocumentKind;
  /** One entry per service of the document (one for a single service, several for a list). */
  readonly services: Array<ConvertedV1Webservice | ConvertedV1Endpoint>;
  /** Settings that cannot take effect, states that are not Healthy, models without a location... (props are JSON paths). */
  readonly warnings: ConfigurationWarning[];
}

/** Options of {@link fromV1ServiceDocument}. */
export interface FromV1ServiceDocumentOptions {
  /** Where the document came from (a file name), used in messages. */
  readonly source?: string;
  /**
   * The image to run, for services whose document has no `imageDetails.imageLocation`
   * (environment-based services: v1 built the image and the document does not name
   * it): one for all, or by service or version name.
   * @default - the document's `imageDetails.imageLocation`
   */
  readonly image?: string | Readonly<Record<string, string>>;
  /**
   * Where each registered model's files are, by `<name>:<version>`: a blob folder URL
   * `https://<account>.blob.core.windows.net/<container>/<folder>`.
   * @default - none: the models are expected in the image (a warning names each)
   */
  readonly models?: Readonly<Record<string, string>>;
  /**
   * The client id of the workload identity that reads the model blobs (needed with `models`).
   * @default - none
   */
  readonly modelClientId?: string;
  /**
   * Services to convert, by name (a list document holds several).
   * @default - every service of the document
   */
  readonly only?: readonly string[];
}

const ARM_TYPE = 'microsoft.machinelearningservices/workspaces/services';
/** Keys only `serialize()` writes. */
const SERIALIZE_KEYS = ['workspaceName', 'versionType', 'environmentDetails', 'modelDetails', 'imageDigest', 'createdBy'];

type Obj = Record<string, unknown>;

class Reader {
  public readonly problems: string[] = [];
  public readonly warnings: ConfigurationWarning[] = [];
  constructor(public readonly options: FromV1ServiceDocumentOptions) {}

  problem(path: string, value: unknown, rule: string): void {
    this.problems.push(`${path}: ${rule}; received ${describeValue(value)}.`);
  }

  warn(id: string, prop: string, message: string): void {
    this.warnings.push({ id: `aks-ml:v1:${id}`, prop, message });
  }
}

/** `obj[key]`, with null read as missing. */
function get(obj: Obj | undefined, key: string): unknown {
  const v = obj?.[key];
  return v === null ? undefined : v;
}

function objAt(r: Reader, obj: Obj | undefined, key: string, path: string): Obj | undefined {
  const v = get(obj, key);
  if (v === undefined) return undefined;
  if (!isPlainObject(v)) {
    r.problem(path, v, 'must be an object');
    return undefined;
  }
  return v;
}

function stringMap(r: Reader, obj: Obj | undefined, key: string, path: string): Record<string, string> | undefined {
  const v = objAt(r, obj, key, path);
  if (v === undefined) return undefined;
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v)) {
    if (x === null || x === undefined) continue;
    out[k] = typeof x === 'string' ? x : typeof x === 'number' || typeof x === 'boolean' ? String(x) : JSON.stringify(x);
  }
  return out;
}

/** One field of the document and the prop it becomes. */
interface FieldMap {
  /** Path segments inside the service object. */
  readonly at: readonly string[];
  readonly prop: string;
  readonly type: 'number' | 'boolean' | 'string';
}

/** The fields of an AKS service or version (AKSServiceResponse; `AksWebservice._initialize`). */
const SERVICE_FIELDS: readonly FieldMap[] = [
  { at: ['containerResourceRequirements', 'cpu'], prop: 'cpuCores', type: 'number' },
  { at: ['containerResourceRequirements', 'cpuLimit'], prop: 'cpuCoresLimit', type: 'number' },
  { at: ['containerResourceRequirements', 'memoryInGB'], prop: 'memoryGb', type: 'number' },
  { at: ['containerResourceRequirements', 'memoryInGBLimit'], prop: 'memoryGbLimit', type: 'number' },
  { at: ['containerResourceRequirements', 'gpu'], prop: 'gpuCores', type: 'number' },
  { at: ['maxConcurrentRequestsPerContainer'], prop: 'replicaMaxConcurrentRequests', type: 'number' },
  { at: ['maxQueueWaitMs'], prop: 'maxRequestWaitTime', type: 'number' },
  { at: ['scoringTimeoutMs'], prop: 'scoringTimeoutMs', type: 'number' },
  { at: ['computeName'], prop: 'computeTargetName', type: 'string' },
  { at: ['livenessProbeRequirements', 'periodSeconds'], prop: 'periodSeconds', type: 'number' },
  { at: ['livenessProbeRequirements', 'initialDelaySeconds'], prop: 'initialDelaySeconds', type: 'number' },
  { at: ['livenessProbeRequirements', 'timeoutSeconds'], prop: 'timeoutSeconds', type: 'number' },
  { at: ['livenessProbeRequirements', 'successThreshold'], prop: 'successThreshold', type: 'number' },
  { at: ['livenessProbeRequirements', 'failureThreshold'], prop: 'failureThreshold', type: 'number' },
  { at: ['dataCollection', 'storageEnabled'], prop: 'collectModelData', type: 'boolean' },
  { at: ['description'], prop: 'description', type: 'string' },
];

/** Fields of the endpoint itself (`AksEndpoint._initialize`), also on a web service. */
const OWNED_FIELDS: readonly FieldMap[] = [
  { at: ['authEnabled'], prop: 'authEnabled', type: 'boolean' },
  { at: ['aadAuthEnabled'], prop: 'tokenAuthEnabled', type: 'boolean' },
  { at: ['appInsightsEnabled'], prop: 'enableAppInsights', type: 'boolean' },
  { at: ['namespace'], prop: 'namespace', type: 'string' },
];

function readFields(r: Reader, doc: Obj, base: string, fields: readonly FieldMap[], props: Obj, sources: Record<string, string>): void {
  for (const f of fields) {
    let v: unknown = doc;
    for (const s of f.at) v = isPlainObject(v) ? get(v, s) : undefined;
    if (v === undefined) continue;
    const path = `${base}${f.at.join('.')}`;
    if (f.type === 'number' && typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) v = Number(v);
    if (typeof v !== f.type) {
      r.problem(path, v, `must be a ${f.type}`);
      continue;
    }
    props[f.prop] = v;
    sources[f.prop] = path;
  }
}

function sectionCheck(r: Reader, doc: Obj, base: string): void {
  for (const k of ['containerResourceRequirements', 'livenessProbeRequirements', 'dataCollection', 'autoScaler']) {
    objAt(r, doc, k, `${base}${k}`);
  }
}

/** `name:version` model ids → refs. */
function parseModelId(id: string): V1RegisteredModelRef | undefined {
  const i = id.lastIndexOf(':');
  if (i <= 0) return undefined;
  const version = Number(id.slice(i + 1));
  if (!Number.isInteger(version) || version < 1) return undefined;
  return { name: id.slice(0, i), version, id };
}

function readModels(r: Reader, doc: Obj, base: string): V1RegisteredModelRef[] {
  const found = new Map<string, V1RegisteredModelRef>();
  const add = (ref: V1RegisteredModelRef | undefined, path: string, raw: unknown) => {
    if (!ref) {
      r.problem(path, raw, 'must be a registered model id "<name>:<version>"');
      return;
    }
    if (!found.has(ref.id)) found.set(ref.id, ref);
  };
  const eir = isPlainObject(doc.environmentImageRequest) ? doc.environmentImageRequest : undefined;
  const ids = get(eir, 'modelIds');
  if (Array.isArray(ids)) ids.forEach((id, i) => add(typeof id === 'string' ? parseModelId(id) : undefined, `${base}environmentImageRequest.modelIds[${i}]`, id));
  // models[] (Model Management, environmentImageRequest.models) and modelDetails[] (serialize()).
  const lists: Array<[unknown, string]> = [
    [get(doc, 'models'), `${base}models`],
    [get(doc, 'modelDetails'), `${base}modelDetails`],
    [get(eir, 'models'), `${base}environmentImageRequest.models`],
  ];
  for (const [list, path] of lists) {
    if (!Array.isArray(list)) continue;
    list.forEach((m, i) => {
      if (!isPlainObject(m)) return;
      const id = typeof m.id === 'string' ? m.id : typeof m.name === 'string' && typeof m.version === 'number' ? `${m.name}:${m.version}` : undefined;
      // A model given by URL (a create request's upload) has no registered id: nothing to map.
      if (id === undefined) return;
      add(parseModelId(id), `${path}[${i}].id`, id);
    });
  }
  const mcm = isPlainObject(doc.modelConfigMap) && isPlainObject(doc.modelConfigMap.models) ? doc.modelConfigMap.models : undefined;
  for (const [name, m] of Object.entries(mcm ?? {})) {
    if (!isPlainObject(m)) continue;
    const id = typeof m.id === 'string' ? m.id : typeof m.version === 'number' ? `${name}:${m.version}` : undefined;
    if (id !== undefined) add(parseModelId(id), `${base}modelConfigMap.models.${name}.id`, id);
  }
  return [...found.values()];
}

function readEnvironment(r: Reader, doc: Obj, base: string): { env?: V1ServiceEnvironment; envPath?: string } {
  const eir = objAt(r, doc, 'environmentImageRequest', `${base}environmentImageRequest`);
  // serialize() writes the environment as environmentDetails (and no driverProgram).
  const envPath = eir ? `${base}environmentImageRequest.environment` : `${base}environmentDetails`;
  const environment = eir ? objAt(r, eir, 'environment', envPath) : objAt(r, doc, 'environmentDetails', envPath);
  if (!eir && !environment) return {};
  const python = isPlainObject(environment?.python) ? environment!.python : undefined;
  const docker = isPlainObject(environment?.docker) ? environment!.docker : undefined;
  const assets = Array.isArray(eir?.assets) ? (eir!.assets as unknown[]).filter(isPlainObject).map((a) => a.url).filter((u): u is string => typeof u === 'string') : [];
  const driver = get(eir, 'driverProgram');
  if (driver !== undefined && typeof driver !== 'string') r.problem(`${base}environmentImageRequest.driverProgram`, driver, 'must be a string');
  const env: V1ServiceEnvironment = {
    ...(typeof environment?.name === 'string' ? { name: environment.name } : {}),
    ...(typeof environment?.version === 'string' || typeof environment?.version === 'number' ? { version: String(environment.version) } : {}),
    ...(typeof driver === 'string' ? { driverProgram: driver } : {}),
    ...(isPlainObject(python?.condaDependencies) ? { condaDependencies: python!.condaDependencies as Record<string, unknown> } : {}),
    userManagedDependencies: python?.userManagedDependencies === true,
    environmentVariables: stringMap(r, environment, 'environmentVariables', `${envPath}.environmentVariables`) ?? {},
    ...(typeof docker?.baseImage === 'string' ? { baseImage: docker.baseImage } : {}),
    assets,
  };
  return { env, envPath };
}

function imageFor(r: Reader, name: string): string | undefined {
  const img = r.options.image;
  if (img === undefined) return undefined;
  return typeof img === 'string' ? img : img[name];
}

/**
 * The container (image, entry script, env) and model of a service or version.
 */
function readContainer(
  r: Reader,
  doc: Obj,
  base: string,
  name: string,
  what: string,
  props: Obj,
  sources: Record<string, string>,
): ConvertedCommon {
  // The image: the document's image (image-based services), else the option.
  const imageDetails = objAt(r, doc, 'imageDetails', `${base}imageDetails`);
  const location = get(imageDetails, 'imageLocation');
  const given = imageFor(r, name);
  let imageSource: string;
  if (given !== undefined) {
    props.image = given;
    imageSource = 'option';
  } else if (typeof location === 'string' && location !== '') {
    const digest = get(doc, 'imageDigest');
    props.image = typeof digest === 'string' && /^sha256:[0-9a-f]{64}$/.test(digest) && !location.includes('@') ? `${location}@${digest}` : location;
    imageSource = `${base}imageDetails.imageLocation`;
    sources.image = imageSource;
    if (!isValidImageReference(props.image as string)) r.problem(imageSource, location, 'must be a container image reference');
  } else {
    imageSource = '';
    r.problems.push(
      `${base}imageDetails.imageLocation: ${what} ${JSON.stringify(name)} has no image: the document does not name one ` +
        '(v1 built it from the environment, which the document only describes). Build and push the image (aks-ml dockerfile ' +
        `writes a Dockerfile for it), then give it: --image ${name}=IMAGE (or the option image: { ${JSON.stringify(name)}: IMAGE }).`,
    );
  }

  const { env, envPath } = readEnvironment(r, doc, base);
  if (env?.driverProgram !== undefined) {
    props.entryScript = env.driverProgram.replace(/^\.?\//, '');
    sources.entryScript = `${base}environmentImageRequest.driverProgram`;
  } else if (env !== undefined && given !== undefined) {
    r.warn('entryScriptUnknown', `${base}environmentImageRequest.driverProgram`, `is not in the document (serialize() leaves it out): the entry script is taken to be "score.py", the v1 default; pass the right one as entryScript if it differs.`);
  }
  if (env && Object.keys(env.environmentVariables).length > 0) {
    props.env = { ...env.environmentVariables };
    sources.env = `${envPath}.environmentVariables`;
  }

  // The registered models.
  const models = readModels(r, doc, base);
  let registeredModels: V1RegisteredModelsOptions | undefined;
  if (models.length > 0) {
    const given = r.options.models ?? {};
    const located = models.filter((m) => given[m.id] !== undefined);
    for (const m of models.filter((x) => given[x.id] === undefined)) {
      r.warn(
        'registeredModelWithoutLocation',
        `${base}models[${m.id}]`,
        `the registered model ${JSON.stringify(m.id)} is not mounted: the document does not say where its files are, so it is expected inside the image ` +
          `at /var/azureml-app/azureml-models/${m.name}/${m.version}/. To mount it as v1 did, give its blob folder: --model ` +
          `${m.id}=https://<account>.blob.core.windows.net/<container>/<folder> (the workspace storage's azureml/ExperimentRun/... or LocalUpload/... folder of the model).`,
      );
    }
    if (located.length === models.length) {
      if (r.options.modelClientId === undefined) {
        r.problems.push(`${base}models: the model locations need the client id of the workload identity that reads them (--client-id, or modelClientId).`);
      } else {
        registeredModels = { models: models.map((m) => ({ name: m.name, version: m.version, blobUrl: given[m.id] })), clientId: r.options.modelClientId };
        const source = registeredModelSource(registeredModels);
        if (source) {
          props.model = source;
          sources.model = `${base}models`;
        } else {
          r.warn('registeredModelsUnsupported', `${base}models`, 'are not mounted: this version of aks-ml-constructs has no ModelSource.fromRegisteredModels; registeredModels holds its options.');
        }
      }
    } else if (located.length > 0) {
      r.problems.push(
        `${base}models: every model of ${what} ${JSON.stringify(name)} needs a location to mount them (v1 mounted them all); missing: ` +
          `${models.filter((m) => given[m.id] === undefined).map((m) => m.id).join(', ')}.`,
      );
    }
  }
  return { models, ...(registeredModels ? { registeredModels } : {}), ...(env ? { environment: env } : {}), imageSource, sources };
}

/** `ModelSource.fromRegisteredModels(options)`, when this build has it. */
function registeredModelSource(options: V1RegisteredModelsOptions): ModelSource | undefined {
  const factory = (ModelSource as unknown as { fromRegisteredModels?: (o: V1RegisteredModelsOptions) => ModelSource }).fromRegisteredModels;
  return typeof factory === 'function' ? factory.call(ModelSource, options) : undefined;
}

/** The autoscaler: copied only when enabled; replicas when not. */
function readScaling(r: Reader, doc: Obj, base: string, props: Obj, sources: Record<string, string>): void {
  const as = isPlainObject(doc.autoScaler) ? doc.autoScaler : undefined;
  const enabled = get(as, 'autoscaleEnabled');
  const replicas = get(doc, 'numReplicas');
  if (enabled === true) {
    props.autoscaleEnabled = true;
    sources.autoscaleEnabled = `${base}autoScaler.autoscaleEnabled`;
    readFields(r, doc, base, [
      { at: ['autoScaler', 'minReplicas'], prop: 'autoscaleMinReplicas', type: 'number' },
      { at: ['autoScaler', 'maxReplicas'], prop: 'autoscaleMaxReplicas', type: 'number' },
      { at: ['autoScaler', 'refreshPeriodInSeconds'], prop: 'autoscaleRefreshSeconds', type: 'number' },
      { at: ['autoScaler', 'targetUtilization'], prop: 'autoscaleTargetUtilization', type: 'number' },
    ], props, sources);
    // With the autoscaler on, numReplicas is the current count, not a setting.
    return;
  }
  if (enabled !== undefined && typeof enabled !== 'boolean') r.problem(`${base}autoScaler.autoscaleEnabled`, enabled, 'must be true or false');
  if (enabled === false) {
    props.autoscaleEnabled = false;
    sources.autoscaleEnabled = `${base}autoScaler.autoscaleEnabled`;
  }
  readFields(r, doc, base, [{ at: ['numReplicas'], prop: 'numReplicas', type: 'number' }], props, sources);
  if (enabled === false && replicas === undefined) {
    r.warn('autoscaleOffWithoutReplicas', `${base}numReplicas`, 'is not set while the autoscaler is off: the v1 default applies (1 replica).');
  }
}

function readMetadata(r: Reader, doc: Obj, base: string, props: Obj, sources: Record<string, string>): void {
  // kvTags (Model Management, ARM); serialize() calls them tags.
  const tagKey = get(doc, 'kvTags') !== undefined ? 'kvTags' : 'tags';
  const tags = stringMap(r, doc, tagKey, `${base}${tagKey}`);
  if (tags && Object.keys(tags).length > 0) {
    props.tags = tags;
    sources.tags = `${base}${tagKey}`;
  }
  const properties = stringMap(r, doc, 'properties', `${base}properties`);
  if (properties && Object.keys(properties).length > 0) {
    props.properties = properties;
    sources.properties = `${base}properties`;
  }
}

function checkLost(r: Reader, doc: Obj, base: string): void {
  const fpga = isPlainObject(doc.containerResourceRequirements) ? get(doc.containerResourceRequirements, 'fpga') : undefined;
  if (typeof fpga === 'number' && fpga > 0) {
    r.warn('fpgaNotSupported', `${base}containerResourceRequirements.fpga`, 'asks for FPGAs, which AKS does not schedule for this library; dropped (v1 FPGA services ran on Azure ML\'s own FPGA images).');
  }
  const dc = isPlainObject(doc.dataCollection) ? doc.dataCollection : undefined;
  if (get(dc, 'eventHubEnabled') === true) {
    r.warn('eventHubCollectionLost', `${base}dataCollection.eventHubEnabled`, 'is true: v1 streamed model data to Event Hubs; the Azure ML inference server does not, so it is lost (collectModelData records to Application Insights).');
  }
  const dt = get(doc, 'deploymentType');
  if (dt !== undefined && dt !== 'HttpRealtimeEndpoint') {
    r.problem(`${base}deploymentType`, dt, 'must be HttpRealtimeEndpoint: only HTTP real-time services are converted');
  }
}

function readState(r: Reader, doc: Obj, base: string, what: string, name: string): string | undefined {
  const state = get(doc, 'state');
  if (typeof state === 'string' && state !== 'Healthy') {
    const err = isPlainObject(doc.error) ? doc.error : undefined;
    const detail = typeof err?.message === 'string' ? ` (error: ${err.message})` : '';
    r.warn(
      'serviceNotHealthy',
      `${base}state`,
      `is ${JSON.stringify(state)}, not "Healthy"${detail}: the document describes ${what} ${JSON.stringify(name)} as v1 last tried to run it, which may not be what served traffic; check the settings before you switch clients over.`,
    );
  }
  return typeof state === 'string' ? state : undefined;
}

/** The v1 path of the scoring URI, checked against the one the manifests serve. */
function checkScoringPath(r: Reader, doc: Obj, base: string, expected: string): void {
  const uri = get(doc, 'scoringUri');
  if (typeof uri !== 'string') return;
  let path: string;
  try {
    path = new URL(uri).pathname;
  } catch {
    path = uri;
  }
  if (path.replace(/\/+$/, '') !== expected) {
    r.warn('scoringPathChanged', `${base}scoringUri`, `has the path ${JSON.stringify(path)}; the manifests serve ${JSON.stringify(expected)} (the v1 path of a service of this name): clients must change the path too.`);
  }
}

function readWebservice(r: Reader, doc: Obj, base: string, name: string): ConvertedV1Webservice {
  const props: Obj = { name };
  const sources: Record<string, string> = { name: `${base}name` };
  sectionCheck(r, doc, base);
  readFields(r, doc, base, [...SERVICE_FIELDS, ...OWNED_FIELDS], props, sources);
  readScaling(r, doc, base, props, sources);
  readMetadata(r, doc, base, props, sources);
  checkLost(r, doc, base);
  const state = readState(r, doc, base, 'web service', name);
  const scoringPath = `/api/v1/service/${name}/score`;
  checkScoringPath(r, doc, base, scoringPath);
  const container = readContainer(r, doc, base, name, 'web service', props, sources);
  return { kind: 'webservice', name, ...(state ? { state } : {}), scoringPath, ...container, props: props as unknown as AksWebserviceProps };
}

const VERSION_TYPES = new Set(['Control', 'Treatment']);

function readEndpoint(r: Reader, doc: Obj, base: string, name: string): ConvertedV1Endpoint {
  const props: Obj = { name };
  const sources: Record<string, string> = { name: `${base}name` };
  readFields(r, doc, base, OWNED_FIELDS, props, sources);
  const shared: Obj = {};
  const sharedSources: Record<string, string> = {};
  readMetadata(r, doc, base, shared, sharedSources);
  readFields(r, doc, base, [{ at: ['description'], prop: 'description', type: 'string' }, { at: ['computeName'], prop: 'computeTargetName', type: 'string' }], shared, sharedSources);
  const state = readState(r, doc, base, 'endpoint', name);
  const scoringPath = `/api/v1/service/${name}/score`;
  checkScoringPath(r, doc, base, scoringPath);

  // The versions: a map (what the SDK wrote and read) or an array of variants (the 2019 spec).
  const entries: Array<{ name: unknown; doc: unknown; base: string }> = [];
  const versions = get(doc, 'versions');
  const variants = get(doc, 'variants');
  if (isPlainObject(versions)) {
    for (const [vn, v] of Object.entries(versions)) entries.push({ name: vn, doc: v, base: `${base}versions.${vn}.` });
  } else if (Array.isArray(variants)) {
    variants.forEach((v, i) => entries.push({ name: isPlainObject(v) ? (get(v, 'name') ?? get(v, 'versionName')) : undefined, doc: v, base: `${base}variants[${i}].` }));
  } else if (versions !== undefined || variants !== undefined) {
    r.problem(`${base}${versions !== undefined ? 'versions' : 'variants'}`, versions ?? variants, 'must be a map of version name to version (versions) or a list of versions (variants)');
  }
  if (entries.length === 0 && r.problems.length === 0) {
    r.problems.push(`${base}versions: endpoint ${JSON.stringify(name)} has no versions: the document must list them (versions, or variants), each with its image.`);
  }

  const converted: ConvertedV1EndpointVersion[] = [];
  const versionProps: AksEndpointVersionProps[] = [];
  for (const e of entries) {
    if (!isPlainObject(e.doc)) {
      r.problem(e.base.replace(/\.$/, ''), e.doc, 'must be an object (a version)');
      continue;
    }
    if (typeof e.name !== 'string' || e.name === '') {
      r.problem(`${e.base}name`, e.name, 'must be the version name');
      continue;
    }
    const vdoc = e.doc;
    const vp: Obj = { versionName: e.name };
    const vs: Record<string, string> = { versionName: e.base.includes('variants[') ? `${e.base}name` : e.base.replace(/\.$/, '') };
    sectionCheck(r, vdoc, e.base);
    readFields(r, vdoc, e.base, SERVICE_FIELDS, vp, vs);
    readScaling(r, vdoc, e.base, vp, vs);
    readMetadata(r, vdoc, e.base, vp, vs);
    checkLost(r, vdoc, e.base);
    // The endpoint's settings on a version: the endpoint's win (one set for all versions, as in v1).
    const owned: Obj = {};
    readFields(r, vdoc, e.base, OWNED_FIELDS, owned, {});
    for (const [k, v] of Object.entries(owned)) {
      if (props[k] === undefined) {
        props[k] = v;
        sources[k] = `${e.base}${OWNED_FIELDS.find((f) => f.prop === k)!.at.join('.')}`;
      } else if (props[k] !== v) {
        r.warn('versionSettingOfEndpoint', `${e.base}${OWNED_FIELDS.find((f) => f.prop === k)!.at.join('.')}`, `is ${describeValue(v)}, but the endpoint's is ${describeValue(props[k])}: it is a setting of the endpoint, shared by all versions; the endpoint's is kept.`);
      }
    }
    // Traffic.
    readFields(r, vdoc, e.base, [
      { at: ['trafficPercentile'], prop: 'trafficPercentile', type: 'number' },
      { at: ['isDefault'], prop: 'isDefault', type: 'boolean' },
    ], vp, vs);
    const typeKey = get(vdoc, 'type') !== undefined ? 'type' : 'versionType';
    const vt = get(vdoc, typeKey);
    if (vt !== undefined) {
      if (typeof vt === 'string' && VERSION_TYPES.has(vt)) {
        vp.versionType = vt;
        vs.versionType = `${e.base}${typeKey}`;
      } else {
        r.problem(`${e.base}${typeKey}`, vt, 'must be "Control" or "Treatment"');
      }
    }
    readState(r, vdoc, e.base, 'version', e.name);
    // The endpoint's tags, properties, description and compute apply to each version, unless it has its own.
    for (const [k, v] of Object.entries(shared)) {
      if (vp[k] === undefined) {
        vp[k] = v;
        vs[k] = sharedSources[k];
      } else if (k === 'tags' || k === 'properties') {
        vp[k] = { ...(v as Obj), ...(vp[k] as Obj) };
      }
    }
    const container = readContainer(r, vdoc, e.base, e.name, 'version', vp, vs);
    converted.push({ versionName: e.name, ...container });
    versionProps.push(vp as unknown as AksEndpointVersionProps);
  }
  props.versions = versionProps;
  return { kind: 'endpoint', name, ...(state ? { state } : {}), scoringPath, props: props as unknown as AksEndpointProps, sources, versions: converted };
}

/** The services of a document, each with its path and the ARM envelope removed. */
function servicesOf(root: unknown): { kind: V1ServiceDocumentKind; items: Array<{ doc: unknown; base: string; name?: unknown }> } | string {
  const isArm = (x: unknown): x is Obj =>
    isPlainObject(x) && isPlainObject(x.properties) && 'computeType' in x.properties &&
    ((typeof x.type === 'string' && x.type.toLowerCase() === ARM_TYPE) || (typeof x.id === 'string' && /\/services\/[^/]+$/i.test(x.id)) || !('computeType' in x));
  let list: unknown[];
  let prefix: (i: number) => string;
  if (Array.isArray(root)) {
    list = root;
    prefix = (i) => `[${i}].`;
  } else if (isPlainObject(root) && Array.isArray(root.value) && !('computeType' in root)) {
    list = root.value;
    prefix = (i) => `value[${i}].`;
  } else {
    list = [root];
    prefix = () => '';
  }
  if (list.length === 0) return 'the document lists no services (an empty list).';
  const items: Array<{ doc: unknown; base: string; name?: unknown }> = [];
  let arm = 0;
  let serialize = 0;
  list.forEach((x, i) => {
    if (isArm(x)) {
      arm++;
      items.push({ doc: x.properties, base: `${prefix(i)}properties.`, name: x.name });
    } else {
      if (isPlainObject(x) && SERIALIZE_KEYS.some((k) => k in x)) serialize++;
      items.push({ doc: x, base: prefix(i) });
    }
  });
  return { kind: arm > 0 ? 'arm' : serialize > 0 ? 'serialize' : 'model-management', items };
}

/**
 * Reads a v1 service document (text or parsed JSON/YAML) into the props of the
 * services it describes: one {@link ConvertedV1Webservice} per AKS service, one
 * {@link ConvertedV1Endpoint} per AKS endpoint. Throws one {@link ConfigurationError}
 * listing every problem (an ACI or local service, an unknown document, a service or
 * version without an image, a value of the wrong type), each with its JSON path.
 */
export function fromV1ServiceDocument(doc: string | object, options: FromV1ServiceDocumentOptions = {}): V1ServiceDocumentConversion {
  const subject = subjectOf('service document', options.source);
  const root = typeof doc === 'string' ? parseV1Document(doc, subject).value : doc;
  const r = new Reader(options);
  const found = servicesOf(root);
  if (typeof found === 'string') throw new ConfigurationError(subject, [found]);
  const services: Array<ConvertedV1Webservice | ConvertedV1Endpoint> = [];
  const only = options.only ? new Set(options.only) : undefined;
  for (const { doc: d, base, name: envelopeName } of found.items) {
    if (!isPlainObject(d)) {
      r.problems.push(`${base || 'the document'}: not a v1 service: it must be an object; received ${describeValue(d)}.`);
      continue;
    }
    const ct = get(d, 'computeType');
    const name = envelopeName ?? get(d, 'name');
    if (ct === undefined) {
      r.problems.push(
        `${base}computeType: not a v1 service document: it has no computeType. Give the output of the Model Management GET ` +
          '(.../services/<name>?expand=true), the ARM resource (Microsoft.MachineLearningServices/workspaces/services), ' +
          'Webservice.serialize() or az ml service show -o json.',
      );
      continue;
    }
    if (typeof name !== 'string' || name === '') {
      r.problem(`${base}name`, name, 'must be the service name');
      continue;
    }
    if (only && !only.has(name)) continue;
    if (ct === 'AKS') services.push(readWebservice(r, d, base, name));
    else if (ct === 'AKSENDPOINT') services.push(readEndpoint(r, d, base, name));
    else {
      const where = ct === 'ACI' ? 'Azure Container Instances' : ct === 'Local' ? 'a local Docker container' : `compute type ${describeValue(ct)}`;
      r.problems.push(
        `${base}computeType: ${JSON.stringify(name)} is ${describeValue(ct)}, a service on ${where}, not on AKS: only AKS services ` +
          '(computeType AKS) and AKS endpoints (AKSENDPOINT) are converted.',
      );
    }
  }
  if (only) {
    for (const n of only) {
      if (!services.some((s) => s.name === n) && !r.problems.some((p) => p.includes(JSON.stringify(n)))) {
        r.problems.push(`the document has no service named ${JSON.stringify(n)}.`);
      }
    }
  }
  // Model locations for models no service ran.
  const ran = new Set(services.flatMap((s) => (s.kind === 'webservice' ? s.models : s.versions.flatMap((v) => v.models)).map((m) => m.id)));
  for (const id of Object.keys(options.models ?? {})) {
    if (!ran.has(id)) r.problems.push(`models: ${JSON.stringify(id)} is not a model of the document's services${ran.size > 0 ? ` (they run ${[...ran].join(', ')})` : ''}.`);
  }
  if (r.problems.length > 0) throw new ConfigurationError(subject, r.problems, r.warnings);
  return { documentKind: found.kind, services, warnings: r.warnings };
}
