/**
 * A scoring web service: the v1 deploy configuration plus what Kubernetes needs
 * (name, image, port, env, model source, key source, pod security), resolved and
 * validated once, then turned into Kubernetes objects by {@link planWebservice}.
 */
import { AppInsights, APP_INSIGHTS_RESERVED_ENV, ResolvedAppInsights, defaultAppInsightsSource, resolveAppInsights, validateAppInsights } from './app-insights';
import { AuthKeys, AuthKeysSource, clusterSecretStoreWarning } from './auth-keys';
import { checkOneIdentity, validateBlobIdentity, validateKeyVaultIdentity } from '../identity/service-identity';
import { Autoscaler, AutoscalerKind, validateAutoscaler } from './autoscaler';
import { ConfigurationWarning, ProblemCollector } from '../errors';
import { ResolvedGatewayRef, resolveGatewayRef } from '../gateway/gateway-ref';
import { GatewayServingProps, ResolvedTokenAuth, resolveTokenAuth, validateServingProps } from '../gateway/serving';
import { DEFAULT_MODEL_DIR, ModelSource, ModelSourceKind } from './model-source';
import {
  AksWebserviceDeployConfiguration,
  ResolvedDeployConfiguration,
  V1_PARAMETER_NAMES,
  applyDeployConfigurationDefaults,
  validateDeployConfiguration,
} from './deploy-configuration';
import { checkBoolean, checkNumber, checkServiceName, checkString, checkStringMap, isPlainObject, v1Given } from '../validation';
import { IGNORED_ENV, INFERENCE_SERVER_PORT, REFUSED_ENV } from './runtime';
import { mergeRecords } from '../merge';
import { ResolvedScoringNetwork, ScoringNetworkProps, resolveScoringNetwork, validateScoringNetwork } from './network-policy';
import { PodSecurityProps, checkKubernetesVersion, podSecurityVersionOf } from '../pod-security';

/**
 * The port the Azure ML inference server answers on (in Azure ML inference images,
 * nginx in front of `azmlinfsrv`).
 */
export const DEFAULT_CONTAINER_PORT = INFERENCE_SERVER_PORT;
/** The default scoring script, relative to the app root. */
export const DEFAULT_ENTRY_SCRIPT = 'score.py';
/** The UID the scoring container runs as by default (non-root). */
export const DEFAULT_RUN_AS_USER = 1000;

/** A Secret entry. */
export interface SecretKeyRef {
  /** The Secret's name. */
  readonly name: string;
  /** The entry in the Secret. */
  readonly key: string;
}

/**
 * The settings of a scoring container beyond the v1 deploy configuration.
 * Shared by web services and endpoint versions.
 */
export interface ScoringContainerProps {
  /** The scoring container image (an Azure ML inference image with your model and script, or your own). */
  readonly image: string;
  /**
   * The port the scoring server listens on (probes, Service and NetworkPolicy use it).
   * The Azure ML inference server ignores port variables and answers on 5001 unless it
   * is started with `--port`, so another port needs `command` and/or `args` that start
   * your server on it (refused otherwise).
   * @default 5001 (the Azure ML inference HTTP server's)
   */
  readonly containerPort?: number;
  /**
   * The container's command (replaces the image's ENTRYPOINT), for a server of your own
   * or to start `azmlinfsrv` directly, e.g. `['azmlinfsrv']` with
   * `args: ['--entry_script', '/var/azureml-app/score.py', '--port', '8080']`.
   * @default - the image's ENTRYPOINT
   */
  readonly command?: string[];
  /**
   * The container's arguments (replace the image's CMD).
   * @default - the image's CMD
   */
  readonly args?: string[];
  /**
   * The scoring script (`AZUREML_ENTRY_SCRIPT`), relative to the app root of the image.
   * @default 'score.py'
   */
  readonly entryScript?: string;
  /**
   * Extra environment variables for the scoring container. Variables the library
   * sets from props (e.g. `WORKER_COUNT`) cannot be overridden here, and
   * `AZUREML_DEBUG_PORT` is refused (the inference server would wait for a debugger
   * forever); variables the server ignores (`SERVER_PORT`, `AZUREML_LOG_LEVEL`, ...) warn.
   * @default - none
   */
  readonly env?: Record<string, string>;
  /**
   * Where the model comes from (`AZUREML_MODEL_DIR`).
   * @default ModelSource.inImage()
   */
  readonly model?: ModelSource;
  /**
   * The Secret entry holding the Application Insights connection string.
   * @deprecated Use `appInsights: AppInsights.fromSecret({ secretName, instrumentationKeyEntry, connectionStringEntry })`:
   * the inference server needs the instrumentation key too. Still honoured (with the
   * warning `aks-ml:webservice:appInsightsConnectionStringDeprecated`) as
   * `AppInsights.fromSecret({ secretName: name, connectionStringEntry: key })`, so the
   * Secret also needs the entry `instrumentation-key`.
   * @default - see `appInsights`
   */
  readonly appInsightsConnectionString?: SecretKeyRef;
  /**
   * Run the pod under the Pod Security Standards "restricted" profile (non-root, no
   * privilege escalation, all capabilities dropped, RuntimeDefault seccomp). Turning
   * it off warns.
   * @default true
   */
  readonly restrictedSecurityContext?: boolean;
  /**
   * The UID (and GID) the container runs as.
   * @default 1000
   */
  readonly runAsUser?: number;
  /**
   * Mount the container's root filesystem read-only; `writablePaths` get `emptyDir` volumes.
   * @default true
   */
  readonly readOnlyRootFilesystem?: boolean;
  /**
   * Folders the server writes to, each mounted as an `emptyDir`.
   * @default ['/tmp']
   */
  readonly writablePaths?: string[];
  /**
   * Secrets to pull the image with (names of `kubernetes.io/dockerconfigjson` Secrets).
   * @default - none (AKS pulls from an attached ACR with the kubelet identity)
   */
  readonly imagePullSecrets?: string[];
  /**
   * Node labels the pods must run on.
   * @default - none
   */
  readonly nodeSelector?: Record<string, string>;
}

/** The props of a web service, engine-independent. */
export interface AksWebserviceProps extends AksWebserviceDeployConfiguration, ScoringContainerProps, GatewayServingProps, ScoringNetworkProps, PodSecurityProps {
  /**
   * The service name: 3 to 32 characters, lowercase letters, digits and "-",
   * starting with a letter (the Azure ML v1 rule). Kubernetes objects are named after it.
   */
  readonly name: string;
  /**
   * Where the two auth keys come from, when `authEnabled`. Ignored with a warning when
   * `primaryKey`/`secondaryKey` are given.
   * @default AuthKeys.generated()
   */
  readonly keys?: AuthKeys;
  /**
   * Create the Namespace object when `namespace` is set. Turn off when the namespace
   * is managed elsewhere.
   * @default true
   */
  readonly createNamespace?: boolean;
  /**
   * What scales the deployment when autoscaling is on: the CPU HorizontalPodAutoscaler,
   * or a KEDA ScaledObject on in-flight requests at the gateway (v1's behaviour).
   * See {@link Autoscaler} for which to pick.
   * @default Autoscaler.cpu()
   */
  readonly autoscaler?: Autoscaler;
  /**
   * Where the Application Insights instrumentation key and connection string come
   * from, when `enableAppInsights` is true.
   * @default AppInsights.fromSecret() (the Secret `app-insights`, entries `instrumentation-key` and `connection-string`)
   */
  readonly appInsights?: AppInsights;
}

/** The scoring container settings with defaults applied. */
export interface ResolvedScoringContainer {
  readonly image: string;
  readonly containerPort: number;
  /** Set when the user replaced the image's ENTRYPOINT. */
  readonly command?: readonly string[];
  /** Set when the user replaced the image's CMD. */
  readonly args?: readonly string[];
  readonly entryScript: string;
  readonly env: Readonly<Record<string, string>>;
  readonly model: ModelSource;
  /** Where App Insights' instrumentation key and connection string are read from (used when `enableAppInsights`). */
  readonly appInsights: ResolvedAppInsights;
  readonly restrictedSecurityContext: boolean;
  readonly runAsUser: number;
  readonly readOnlyRootFilesystem: boolean;
  readonly writablePaths: readonly string[];
  readonly imagePullSecrets: readonly string[];
  readonly nodeSelector: Readonly<Record<string, string>>;
}

/** A web service with every default applied: what the manifests are built from. */
export interface ResolvedWebservice extends ResolvedDeployConfiguration, ResolvedScoringContainer {
  readonly name: string;
  readonly keys: AuthKeys;
  readonly createNamespace: boolean;
  /** The Gateway the service is published on. */
  readonly gateway: ResolvedGatewayRef;
  /** The autoscaler (used when autoscaleEnabled). */
  readonly autoscaler: Autoscaler;
  /** The Entra ID settings, when token auth is on. */
  readonly tokenAuth?: ResolvedTokenAuth;
  /** The NetworkPolicy settings of the scoring pods. */
  readonly network: ResolvedScoringNetwork;
  /** The Pod Security `enforce-version` of the Namespace the service creates (`v1.N`). */
  readonly podSecurityVersion: string;
}

/**
 * Environment variables the library sets on the scoring container, and the prop
 * that sets each (`env` may not override them).
 */
export const RESERVED_ENV: Readonly<Record<string, string>> = {
  AZUREML_ENTRY_SCRIPT: 'entryScript',
  AZUREML_MODEL_DIR: 'model',
  AML_APP_ROOT: '(fixed: /var/azureml-app)',
  WORKER_COUNT: 'replicaMaxConcurrentRequests',
  SCORING_TIMEOUT_MS: 'scoringTimeoutMs',
  ...APP_INSIGHTS_RESERVED_ENV,
  AML_MODEL_DC_STORAGE_ENABLED: 'collectModelData',
  AML_MDC_STORAGE_ENABLED: 'collectModelData',
  SERVICE_NAME: 'name',
  SERVICE_PATH_PREFIX: '(fixed: the gateway path of the service or version)',
  WORKER_TIMEOUT: 'scoringTimeoutMs, maxRequestWaitTime and the probe settings',
};

const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const K8S_NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;
const LABEL_KEY = /^([a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const IMAGE_REF = /^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(\/[a-z0-9]+([._-][a-z0-9]+)*)*(:[\w][\w.-]{0,127})?(@sha256:[a-f0-9]{64})?$/;

/** Validates the scoring-container props, adding problems to `c`. */
export function validateScoringContainer(
  c: ProblemCollector,
  props: ScoringContainerProps,
  config: { blobfuseEnabled?: boolean; explicitBlobfuse: boolean },
): ConfigurationWarning[] {
  const warnings: ConfigurationWarning[] = [];
  const p = props as unknown as Record<string, unknown>;
  if (p.image === undefined) {
    c.add('image', p.image, 'is required: the scoring container image, e.g. "myregistry.azurecr.io/scoring/model:1.0"');
  } else if (checkString(c, 'image', p.image, { maxLength: 1024 }) && !IMAGE_REF.test(p.image as string)) {
    c.add('image', p.image, 'must be a container image reference such as "myregistry.azurecr.io/repo/name:tag" (lowercase repository, no spaces)');
  }
  const portOk = checkNumber(c, 'containerPort', p.containerPort, { atLeast: 1, atMost: 65535, integer: true });
  checkArgv(c, 'command', p.command, true);
  checkArgv(c, 'args', p.args, false);
  const ownStart = p.command !== undefined || p.args !== undefined;
  if (portOk && p.containerPort !== undefined && p.containerPort !== INFERENCE_SERVER_PORT && !ownStart) {
    c.add(
      'containerPort',
      p.containerPort,
      `cannot move the Azure ML inference server: it ignores port variables and answers on ${INFERENCE_SERVER_PORT} (in Azure ML inference images, nginx ` +
        'in front of azmlinfsrv). Leave containerPort unset, or give command/args that start your server on this port, e.g. ' +
        `command ["azmlinfsrv"] with args ["--entry_script", "/var/azureml-app/score.py", "--port", "${p.containerPort}"]`,
    );
  }
  if (checkString(c, 'entryScript', p.entryScript, { maxLength: 1024 }) && typeof p.entryScript === 'string' && /[\0\n\r]/.test(p.entryScript)) {
    c.add('entryScript', p.entryScript, 'must not contain control characters');
  }
  if (checkStringMap(c, 'env', p.env) && p.env !== undefined) {
    for (const k of Object.keys(p.env as object)) {
      if (!ENV_NAME.test(k)) {
        c.add(`env[${JSON.stringify(k)}]`, k, 'is not a valid environment variable name (letters, digits, "_", "-", "."; not starting with a digit)');
      } else if (RESERVED_ENV[k] !== undefined) {
        c.add(`env[${JSON.stringify(k)}]`, (p.env as Record<string, string>)[k], `is set by the library from ${RESERVED_ENV[k]}; set that prop instead`);
      } else if (REFUSED_ENV[k] !== undefined) {
        c.add(`env[${JSON.stringify(k)}]`, (p.env as Record<string, string>)[k], REFUSED_ENV[k]);
      } else if (IGNORED_ENV[k] !== undefined && !ownStart) {
        warnings.push({ id: 'aks-ml:webservice:envIgnoredByInferenceServer', prop: `env[${JSON.stringify(k)}]`, message: `has no effect on the Azure ML inference server: ${IGNORED_ENV[k]}.` });
      }
    }
  }
  if (p.model === undefined && config.explicitBlobfuse) {
    warnings.push({ id: 'aks-ml:webservice:blobfuseWithoutModel', prop: 'blobfuseEnabled', message: 'has no effect: no model location is set (the model is expected inside the image); use ModelSource.fromBlobStorage() to mount or download it.' });
  }
  if (p.model !== undefined && !(p.model instanceof ModelSource)) {
    c.add('model', p.model, 'must be made with ModelSource.inImage() or ModelSource.fromBlobStorage()');
  } else if (p.model instanceof ModelSource) {
    const m = p.model;
    if (m.kind === ModelSourceKind.IMAGE) {
      if (checkString(c, 'model.modelDir', m.modelDir) && !m.modelDir.startsWith('/')) {
        c.add('model.modelDir', m.modelDir, 'must be an absolute path inside the image');
      }
      if (config.explicitBlobfuse) {
        warnings.push({ id: 'aks-ml:webservice:blobfuseWithModelInImage', prop: 'blobfuseEnabled', message: 'has no effect: the model is baked into the image (ModelSource.inImage), nothing is mounted or downloaded.' });
      }
    } else {
      const b = m.options.blob!;
      const bc = c.child('model');
      if (typeof b.storageAccount !== 'string' || !/^[a-z0-9]{3,24}$/.test(b.storageAccount)) {
        bc.add('storageAccount', b.storageAccount, 'must be a storage account name: 3 to 24 lowercase letters and digits');
      }
      if (typeof b.container !== 'string' || !/^[a-z0-9](?!.*--)[-a-z0-9]{1,61}[a-z0-9]$/.test(b.container)) {
        bc.add('container', b.container, 'must be a blob container name: 3 to 63 lowercase letters, digits and single "-"');
      }
      validateBlobIdentity(bc, b);
      checkString(bc, 'path', b.path, { maxLength: 1024 });
      checkString(bc, 'resourceGroup', b.resourceGroup, { maxLength: 90 });
    }
  }
  // App Insights (`appInsights`, `appInsightsConnectionString`) is checked by the owner: validateAppInsights.
  checkBoolean(c, 'restrictedSecurityContext', p.restrictedSecurityContext);
  checkBoolean(c, 'readOnlyRootFilesystem', p.readOnlyRootFilesystem);
  const restricted = p.restrictedSecurityContext !== false;
  checkNumber(c, 'runAsUser', p.runAsUser, {
    atLeast: restricted ? 1 : 0,
    atMost: 2147483647,
    integer: true,
    boundText: restricted ? 'must be greater than zero (the restricted profile forbids running as root)' : undefined,
  });
  if (p.restrictedSecurityContext === false) {
    warnings.push({
      id: 'aks-ml:webservice:unrestrictedSecurityContext',
      prop: 'restrictedSecurityContext',
      message: 'is false: the pod does not meet the Pod Security Standards "restricted" profile (it may run as root and keep capabilities).',
    });
  }
  if (p.writablePaths !== undefined) {
    if (!Array.isArray(p.writablePaths)) {
      c.add('writablePaths', p.writablePaths, 'must be a list of absolute paths');
    } else {
      const seen = new Set<string>();
      // The kubelet refuses two mounts at one folder ("/tmp" and "/tmp/" included), the model's too.
      const folder = (path: string) => path.replace(/\/+/g, '/').replace(/(.)\/$/, '$1');
      const modelMount = p.model instanceof ModelSource && p.model.kind === ModelSourceKind.BLOB && typeof p.model.modelDir === 'string' ? folder(p.model.modelDir) : undefined;
      (p.writablePaths as unknown[]).forEach((w, i) => {
        if (typeof w !== 'string' || !/^\/[^\0\n\r]*$/.test(w) || w.length > 1024) {
          c.add(`writablePaths[${i}]`, w, 'must be an absolute path');
        } else if (seen.has(folder(w))) {
          c.add(`writablePaths[${i}]`, w, 'is listed twice');
        } else if (folder(w) === modelMount) {
          c.add(`writablePaths[${i}]`, w, 'is where the model is mounted (read-only); choose another folder');
        } else {
          seen.add(folder(w));
        }
      });
    }
  }
  if (p.imagePullSecrets !== undefined) {
    if (!Array.isArray(p.imagePullSecrets)) {
      c.add('imagePullSecrets', p.imagePullSecrets, 'must be a list of Secret names');
    } else {
      (p.imagePullSecrets as unknown[]).forEach((s, i) => {
        if (typeof s !== 'string' || !K8S_NAME.test(s)) c.add(`imagePullSecrets[${i}]`, s, 'must be a Secret name');
      });
    }
  }
  if (checkStringMap(c, 'nodeSelector', p.nodeSelector) && p.nodeSelector !== undefined) {
    for (const [k, v] of Object.entries(p.nodeSelector as Record<string, string>)) {
      if (!LABEL_KEY.test(k)) c.add(`nodeSelector[${JSON.stringify(k)}]`, k, 'is not a valid label key');
      else if (!(v.length <= 63 && /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/.test(v))) {
        c.add(`nodeSelector[${JSON.stringify(k)}]`, v, 'is not a valid label value');
      }
    }
  }
  return warnings;
}

/** `command`/`args`: a list of strings (a command needs at least its program). */
function checkArgv(c: ProblemCollector, path: string, value: unknown, isCommand: boolean): boolean {
  if (value === undefined) return true;
  if (!Array.isArray(value) || (isCommand && value.length === 0)) {
    c.add(path, value, isCommand ? 'must be a non-empty list of strings (the program, then its arguments)' : 'must be a list of strings');
    return false;
  }
  let ok = true;
  value.forEach((a: unknown, i: number) => {
    if (typeof a !== 'string' || a.includes('\0') || a.length > 32768 || (isCommand && i === 0 && a.trim() === '')) {
      c.add(`${path}[${i}]`, a, i === 0 && isCommand ? 'must name the program to run' : 'must be a string without NUL characters (at most 32768 characters)');
      ok = false;
    }
  });
  return ok;
}

/**
 * Applies the defaults of the scoring-container props. `appInsights`: the source of
 * the service (or endpoint) and the name its objects are named after.
 */
export function applyScoringContainerDefaults(
  props: ScoringContainerProps,
  appInsights: { readonly source?: AppInsights; readonly ownerName: string },
): ResolvedScoringContainer {
  return {
    image: props.image,
    containerPort: props.containerPort ?? DEFAULT_CONTAINER_PORT,
    ...(props.command !== undefined ? { command: [...props.command] } : {}),
    ...(props.args !== undefined ? { args: [...props.args] } : {}),
    entryScript: props.entryScript ?? DEFAULT_ENTRY_SCRIPT,
    env: { ...(props.env ?? {}) },
    model: props.model ?? ModelSource.inImage(DEFAULT_MODEL_DIR),
    appInsights: resolveAppInsights(appInsights.source ?? defaultAppInsightsSource(props.appInsightsConnectionString), appInsights.ownerName),
    restrictedSecurityContext: props.restrictedSecurityContext ?? true,
    runAsUser: props.runAsUser ?? DEFAULT_RUN_AS_USER,
    readOnlyRootFilesystem: props.readOnlyRootFilesystem ?? true,
    writablePaths: [...(props.writablePaths ?? ['/tmp'])],
    imagePullSecrets: [...(props.imagePullSecrets ?? [])],
    nodeSelector: { ...(props.nodeSelector ?? {}) },
  };
}

/** Validates the key-source props (`keys`, `primaryKey`, `secondaryKey`). */
export function validateKeySource(
  c: ProblemCollector,
  props: { keys?: unknown; primaryKey?: unknown; secondaryKey?: unknown; authEnabled?: unknown; tokenAuthEnabled?: unknown },
): ConfigurationWarning[] {
  const warnings: ConfigurationWarning[] = [];
  const keyAuthOn = props.authEnabled === true || (props.authEnabled === undefined && props.tokenAuthEnabled !== true);
  if (props.keys !== undefined && !(props.keys instanceof AuthKeys)) {
    c.add('keys', props.keys, 'must be made with AuthKeys.generated(), AuthKeys.fromSecret() or AuthKeys.fromKeyVault()');
  } else if (props.keys instanceof AuthKeys) {
    const k = props.keys;
    if (k.source === AuthKeysSource.GENERATED) {
      checkNumber(c, 'keys.length', k.options.length, { atLeast: 16, atMost: 128, integer: true });
    } else if (k.source === AuthKeysSource.EXISTING_SECRET) {
      if (typeof k.options.secretName !== 'string' || !K8S_NAME.test(k.options.secretName)) {
        c.add('keys.secretName', k.options.secretName, 'must be the name of a Secret in the service namespace');
      }
    } else {
      const kc = c.child('keys');
      const store = k.options.secretStore!;
      if (typeof store.name !== 'string' || !K8S_NAME.test(store.name)) kc.add('secretStore.name', store.name, 'must be the name of a SecretStore or ClusterSecretStore');
      if (store.kind !== 'SecretStore' && store.kind !== 'ClusterSecretStore') kc.add('secretStore.kind', store.kind, 'must be "SecretStore" or "ClusterSecretStore"');
      for (const f of ['primaryKeySecretName', 'secondaryKeySecretName'] as const) {
        const v = k.options[f];
        if (typeof v !== 'string' || !/^[0-9a-zA-Z-]{1,127}$/.test(v)) kc.add(f, v, 'must be a Key Vault secret name (1 to 127 letters, digits and "-")');
      }
      if (k.options.primaryKeySecretName === k.options.secondaryKeySecretName && typeof k.options.primaryKeySecretName === 'string') {
        kc.add('secondaryKeySecretName', k.options.secondaryKeySecretName, 'must differ from primaryKeySecretName');
      }
      if (typeof k.options.refreshInterval !== 'string' || !/^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/.test(k.options.refreshInterval)) {
        kc.add('refreshInterval', k.options.refreshInterval, 'must be a Go duration such as "1h" or "15m"');
      }
      validateKeyVaultIdentity(kc, k);
      if (store.kind === 'ClusterSecretStore' && keyAuthOn) warnings.push(clusterSecretStoreWarning('keys.secretStore.kind', 'aks-ml:webservice:clusterSecretStore'));
    }
  }
  // v1 generates a key that is not given: "" is not given (Python truthiness).
  const explicitKeys = v1Given(props.primaryKey, 'string') || v1Given(props.secondaryKey, 'string');
  if (keyAuthOn && explicitKeys) {
    warnings.push({
      id: 'aks-ml:webservice:plainTextKeys',
      prop: v1Given(props.primaryKey, 'string') ? 'primaryKey' : 'secondaryKey',
      message:
        'is written into the manifests in plain text (a Secret with stringData), and a client-side `kubectl apply` copies it into the ' +
        "Secret's kubectl.kubernetes.io/last-applied-configuration annotation, which `kubectl describe secret` shows. " +
        'Prefer AuthKeys.generated(), AuthKeys.fromSecret() or AuthKeys.fromKeyVault().',
    });
    if (props.keys !== undefined) {
      warnings.push({ id: 'aks-ml:webservice:keysIgnoredForExplicitKeys', prop: 'keys', message: 'is ignored for the keys given as primaryKey/secondaryKey.' });
    }
  }
  if (!keyAuthOn && (explicitKeys || props.keys !== undefined)) {
    warnings.push({ id: 'aks-ml:webservice:keysWithoutKeyAuth', prop: explicitKeys ? 'primaryKey' : 'keys', message: 'has no effect: key auth is off (authEnabled is false or token auth is on).' });
  }
  return warnings;
}

/**
 * Validates a web service and applies every default. Throws one ConfigurationError
 * listing every problem; returns the resolved service and the warnings.
 */
export function resolveWebservice(props: AksWebserviceProps): {
  config: ResolvedWebservice;
  warnings: ConfigurationWarning[];
} {
  const c = new ProblemCollector();
  if (!isPlainObject(props)) {
    c.add('props', props, 'must be an object');
    c.throwIfAny('the web service');
  }
  const subject = typeof props.name === 'string' && props.name.length <= 64 ? `web service ${JSON.stringify(props.name)}` : 'the web service';
  checkServiceName(c, 'name', props.name);
  const warnings = validateDeployConfiguration(c, props);
  warnings.push(
    ...validateScoringContainer(c, props, {
      blobfuseEnabled: props.blobfuseEnabled,
      explicitBlobfuse: props.blobfuseEnabled !== undefined,
    }),
  );
  warnings.push(...validateKeySource(c, props));
  checkOneIdentity(c, props);
  checkBoolean(c, 'createNamespace', props.createNamespace);
  warnings.push(...validateScoringNetwork(c, props, 'webservice'));
  checkKubernetesVersion(c, 'kubernetesVersion', props.kubernetesVersion);
  warnings.push(...validateServingProps(c, props, props.tokenAuthEnabled === true));
  validateAutoscaler(c, 'autoscaler', props.autoscaler);
  warnings.push(
    ...validateAppInsights(c, { appInsights: props.appInsights, appInsightsConnectionString: props.appInsightsConnectionString }, {
      enabled: props.enableAppInsights === true,
      feature: 'webservice',
    }),
  );
  c.throwIfAny(subject);

  const base = applyDeployConfigurationDefaults(props);
  const autoscaler = props.autoscaler ?? Autoscaler.cpu();
  warnings.push(...autoscalerWarnings(base, props.autoscaler));
  if (base.autoscaleEnabled && autoscaler.kind === AutoscalerKind.CPU && base.explicitlySet.includes('autoscaleRefreshSeconds')) {
    warnings.push({
      id: 'aks-ml:webservice:refreshSecondsUnderCpuHpa',
      prop: 'autoscaleRefreshSeconds',
      message:
        `(v1: ${V1_PARAMETER_NAMES.autoscaleRefreshSeconds}) cannot be honoured by the CPU HorizontalPodAutoscaler, whose sync period is ` +
        'cluster-wide (--horizontal-pod-autoscaler-sync-period, 15s by default on AKS); use the concurrency autoscaler to poll at this interval.',
    });
  }
  const config: ResolvedWebservice = mergeRecords(base, applyScoringContainerDefaults(props, { source: props.appInsights, ownerName: props.name }), {
    name: props.name,
    keys: props.keys ?? AuthKeys.generated(),
    createNamespace: props.createNamespace ?? true,
    gateway: resolveGatewayRef(props.gateway),
    autoscaler,
    ...(base.tokenAuthEnabled ? { tokenAuth: resolveTokenAuth(props, true) } : {}),
    network: resolveScoringNetwork(props),
    podSecurityVersion: podSecurityVersionOf(props.kubernetesVersion),
  });
  return { config, warnings };
}

/** Warnings about the autoscaler choice for a resolved deploy configuration. */
export function autoscalerWarnings(base: ResolvedDeployConfiguration, autoscaler: Autoscaler | undefined, pathPrefix = ''): ConfigurationWarning[] {
  if (autoscaler !== undefined && !base.autoscaleEnabled) {
    return [
      {
        id: 'aks-ml:webservice:autoscalerWithFixedReplicas',
        prop: `${pathPrefix}autoscaler`,
        message: `has no effect: autoscaling is off (numReplicas is ${base.numReplicas}).`,
      },
    ];
  }
  return [];
}
