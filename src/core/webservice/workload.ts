/**
 * The scoring workload: ServiceAccount, model storage, Deployment, Service,
 * autoscaler and PodDisruptionBudget. Used for web services and endpoint versions.
 */
import { appInsightsEnv } from './app-insights';
import { ConfigurationWarning } from '../errors';
import { KubeObject, joinName, shortHash } from '../kube';
import { DEFAULT_DOWNLOADER_IMAGE, ModelBlobLocation, ModelSourceKind, parseModelBlobUrl, registeredModelDir } from './model-source';
import { CLIENT_ID_ANNOTATION, CLIENT_ID_ENTRY, IdentityBinding, TENANT_ID_ANNOTATION } from '../identity/workload-identity';
import { ResolvedScoringContainer } from './resolve';
import { ResolvedDeployConfiguration } from './deploy-configuration';
import { ServiceMetadata } from '../metadata';
import { requestTimeoutMs } from '../gateway/routing';
import { STARTUP_PROBE_PERIOD_SECONDS, serverScoringTimeoutMs, startupFailureThreshold, workerTimeoutSeconds } from './runtime';

/** Where the Azure ML inference images keep the app. */
export const AML_APP_ROOT = '/var/azureml-app';
/** The container's name in the pod. */
export const SCORING_CONTAINER_NAME = 'scoring';
/** The Service port (the gateway talks to it). */
export const SERVICE_PORT = 80;
/** The AKS GPU node pool taint this library expects (and AksCluster sets). */
export const GPU_TOLERATION = { key: 'sku', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' } as const;

export interface WorkloadInput {
  /** The Kubernetes name of Deployment, Service, ServiceAccount, HPA and PDB. */
  readonly name: string;
  /** The name the server reports (`SERVICE_NAME`). */
  readonly serviceName: string;
  readonly namespace?: string;
  /**
   * The namespace the objects land in when `namespace` is not set (the cdk8s chart's,
   * or the Pulumi provider's), for names built from the namespace.
   * @default - unknown: "default"
   */
  readonly defaultNamespace?: string;
  readonly config: ResolvedDeployConfiguration & ResolvedScoringContainer;
  readonly metadata: ServiceMetadata;
  /**
   * The gateway path the server's generated Swagger lists its paths under
   * (`SERVICE_PATH_PREFIX`), e.g. `/api/v1/service/<name>`.
   */
  readonly swaggerPathPrefix: string;
  /**
   * The longest gateway route timeout of a scoring call that reaches these pods, in ms.
   * @default requestTimeoutMs(config): scoringTimeoutMs + maxRequestWaitTime
   */
  readonly routeTimeoutMs?: number;
  /**
   * Whether the CPU HorizontalPodAutoscaler is created when autoscaling is on
   * (false when another autoscaler, e.g. KEDA, scales the Deployment).
   * @default true
   */
  readonly cpuAutoscaler?: boolean;
  /**
   * How the ServiceAccount names its workload identity (core `planWebserviceIdentity`).
   * @default - the blob model's clientId, if any
   */
  readonly identity?: IdentityBinding;
}

export interface Workload {
  readonly objects: KubeObject[];
  readonly warnings: ConfigurationWarning[];
  /** The Service's name and port (for routes). */
  readonly service: { name: string; port: number };
}

/** CPU cores as a Kubernetes quantity in millicores. */
export function cpuQuantity(cores: number): string {
  return `${Math.max(1, Math.round(cores * 1000))}m`;
}

/** Memory in GB (10^9 bytes, as v1) as a Kubernetes quantity. */
export function memoryQuantity(gb: number): string {
  const mb = Math.max(1, Math.round(gb * 1000));
  return mb % 1000 === 0 ? `${mb / 1000}G` : `${mb}M`;
}

function volumeName(path: string, used: Set<string>): string {
  let base = path.replace(/^\/+/, '').replace(/[^a-z0-9]+/gi, '-').toLowerCase().replace(/^-+|-+$/g, '') || 'root';
  base = `writable-${base}`.slice(0, 50).replace(/-+$/, '');
  let name = base;
  for (let i = 2; used.has(name); i++) name = `${base}-${i}`;
  used.add(name);
  return name;
}

/**
 * A registered model in object names: `<name>-<version>` lowercased, other characters
 * "-"; a stable hash of the name is added when that changed it (so "Model_A" and
 * "model-a" stay apart).
 */
export function registeredModelSlug(modelName: string, version: number): string {
  const slug = modelName.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'model';
  return slug === modelName ? `${slug}-${version}` : `${slug}-${version}-${shortHash(modelName)}`;
}

/** Builds the workload objects. Deterministic: same input, same objects in the same order. */
export function buildWorkload(input: WorkloadInput): Workload {
  const { config: c, metadata: m, name } = input;
  const warnings: ConfigurationWarning[] = [];
  const objects: KubeObject[] = [];
  const ns = input.namespace ? { namespace: input.namespace } : {};
  const labels = m.labels;

  // --- ServiceAccount. Workload identity: a blob model is read with the identity of
  // `clientId`. Through the Blob CSI driver the kubelet requests the service account
  // token for the driver (CSIDriver tokenRequests), so no container of the pod gets one;
  // the download init container gets it from the Azure Workload Identity webhook, and
  // the scoring container is skipped (`azure.workload.identity/skip-containers`).
  const blob = c.model.kind === ModelSourceKind.BLOB ? c.model.options.blob! : undefined;
  const registered = c.model.kind === ModelSourceKind.REGISTERED ? c.model.options.registered! : undefined;
  const existing = blob?.identity?.options;
  const identity: IdentityBinding | undefined =
    input.identity ??
    (blob?.clientId !== undefined
      ? { clientId: blob.clientId }
      : existing?.clientId !== undefined
        ? { clientId: existing.clientId, ...(existing.tenantId !== undefined ? { tenantId: existing.tenantId } : {}) }
        : registered !== undefined
          ? { clientId: registered.clientId }
          : undefined);
  // Only a downloaded model needs the token inside the pod (the downloader's).
  const podNeedsToken = (blob !== undefined || registered !== undefined) && !c.blobfuseEnabled;
  const annotations: Record<string, string> = {
    ...(identity?.clientId !== undefined ? { [CLIENT_ID_ANNOTATION]: identity.clientId } : {}),
    ...(identity?.tenantId !== undefined ? { [TENANT_ID_ANNOTATION]: identity.tenantId } : {}),
  };
  objects.push({
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: {
      name,
      ...ns,
      labels: { ...labels },
      ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
    },
    automountServiceAccountToken: false,
  });

  // --- Model storage.
  const volumes: Record<string, unknown>[] = [];
  const mounts: Record<string, unknown>[] = [];
  const initContainers: Record<string, unknown>[] = [];
  let modelDir = c.model.modelDir;
  const used = new Set<string>();
  const restrictedContainerContext = {
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'] },
    readOnlyRootFilesystem: c.readOnlyRootFilesystem,
    runAsNonRoot: true,
    runAsUser: c.runAsUser,
    runAsGroup: c.runAsUser,
    seccompProfile: { type: 'RuntimeDefault' },
  };
  // PersistentVolumes are cluster-wide: their names carry the effective namespace, and
  // each is reserved for its claim (claimRef), so that no other claim binds it first.
  const effectiveNs = input.namespace ?? input.defaultNamespace ?? 'default';
  if ((blob || registered) && c.blobfuseEnabled && input.namespace === undefined && input.defaultNamespace === undefined) {
    warnings.push({
      id: 'aks-ml:webservice:modelVolumeNamespaceUnknown',
      prop: 'namespace',
      message:
        'is not set, and the namespace the objects land in is unknown: the model PersistentVolume is reserved (claimRef) for its claim in namespace "default", ' +
        'and the claim stays Pending in any other namespace; set namespace (or a namespace on the cdk8s chart; in Pulumi, defaultNamespace).',
    });
  }
  const blobVolume = (pvName: string, pvcName: string, v: {
    storageAccount: string; container: string; folder?: string; clientId: string; resourceGroup?: string;
  }): void => {
    // A static PersistentVolume on the Blob CSI driver, read-only, authenticated with the
    // workload identity's client id: no storage keys. A folder is mounted with blobfuse2's
    // --subdirectory (protocol fuse2).
    objects.push({
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name: pvName, labels: { ...labels }, annotations: { 'pv.kubernetes.io/provisioned-by': 'blob.csi.azure.com' } },
      spec: {
        capacity: { storage: '100Gi' },
        accessModes: ['ReadOnlyMany'],
        persistentVolumeReclaimPolicy: 'Retain',
        storageClassName: 'azureblob-fuse-premium',
        claimRef: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', namespace: effectiveNs, name: pvcName },
        mountOptions: ['-o allow_other', '--file-cache-timeout-in-seconds=120', ...(v.folder ? [`--subdirectory=${v.folder}`] : [])],
        csi: {
          driver: 'blob.csi.azure.com',
          readOnly: true,
          volumeHandle: `${v.storageAccount}#${v.container}#${pvName}`,
          volumeAttributes: {
            storageaccount: v.storageAccount,
            containerName: v.container,
            clientID: v.clientId,
            ...(v.folder !== undefined ? { protocol: 'fuse2' } : {}),
            ...(v.resourceGroup ? { resourcegroup: v.resourceGroup } : {}),
          },
        },
      },
    });
    objects.push({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: pvcName, ...ns, labels: { ...labels } },
      spec: {
        accessModes: ['ReadOnlyMany'],
        storageClassName: 'azureblob-fuse-premium',
        volumeName: pvName,
        resources: { requests: { storage: '100Gi' } },
      },
    });
  };
  const downloaderEnv = [
    { name: 'HOME', value: '/home/downloader' },
    { name: 'AZURE_CONFIG_DIR', value: '/home/downloader/.azure' },
  ];
  const azLogin =
    'az login --service-principal --username "$AZURE_CLIENT_ID" --tenant "$AZURE_TENANT_ID" ' +
    '--federated-token "$(cat "$AZURE_FEDERATED_TOKEN_FILE")" --allow-no-subscriptions --output none; ';
  /**
   * The init container that downloads model blobs with the Azure CLI (signed in with the
   * workload identity), into the `model` emptyDir mounted at `downloadDir`; its home is an
   * emptyDir of its own (the root filesystem is read-only).
   */
  const modelDownloader = (
    image: string | undefined,
    script: string,
    env: { readonly identity?: Record<string, unknown>[]; readonly models: Record<string, unknown> },
    downloadDir: string,
  ): Record<string, unknown> => {
    volumes.push({ name: 'model', emptyDir: {} });
    volumes.push({ name: 'model-downloader-home', emptyDir: {} });
    return {
      name: 'model-download',
      image: image ?? DEFAULT_DOWNLOADER_IMAGE,
      command: ['/bin/sh', '-c'],
      args: [script],
      env: [...(env.identity ?? []), ...downloaderEnv, env.models],
      resources: { requests: { cpu: '100m', memory: '256M' }, limits: { memory: '1G' } },
      securityContext: restrictedContainerContext,
      volumeMounts: [
        { name: 'model', mountPath: downloadDir },
        { name: 'model-downloader-home', mountPath: '/home/downloader' },
      ],
    };
  };
  if (blob) {
    const mountRoot = c.model.modelDir;
    const sub = (blob.path ?? '').replace(/^\/+|\/+$/g, '');
    modelDir = sub ? `${mountRoot}/${sub}` : mountRoot;
    if (c.blobfuseEnabled) {
      const pvcName = `${name}-model`;
      blobVolume(joinName([effectiveNs, name, 'model']), pvcName, {
        // planWebserviceIdentity refuses blobfuse without a known client id.
        storageAccount: blob.storageAccount, container: blob.container, clientId: identity?.clientId as string, resourceGroup: blob.resourceGroup,
      });
      volumes.push({ name: 'model', persistentVolumeClaim: { claimName: pvcName, readOnly: true } });
      mounts.push({ name: 'model', mountPath: mountRoot, readOnly: true });
    } else {
      // Download once per pod into an emptyDir, with the workload identity.
      mounts.push({ name: 'model', mountPath: mountRoot, readOnly: true });
      initContainers.push(
        modelDownloader(
          blob.downloaderImage,
          'set -eu; ' + azLogin +
            `az storage blob download-batch --auth-mode login --account-name "${blob.storageAccount}" ` +
            // The blob path is the user's free text: it reaches the shell only as a variable.
            `--source "${blob.container}" --pattern "$MODEL_BLOB_PATTERN" --destination "${mountRoot}" --no-progress --output none`,
          {
            // A created identity whose client id is not known at synthesis: from the Secret ASO
            // writes it to (the webhook leaves an AZURE_CLIENT_ID the container declares alone).
            identity:
              identity?.clientId === undefined && identity?.identitySecret !== undefined
                ? [{ name: 'AZURE_CLIENT_ID', valueFrom: { secretKeyRef: { name: identity.identitySecret, key: CLIENT_ID_ENTRY } } }]
                : [],
            models: { name: 'MODEL_BLOB_PATTERN', value: sub ? `${sub}/*` : '*' },
          },
          mountRoot,
        ),
      );
    }
  }
  if (registered) {
    // v1's layout: azureml-models/<name>/<version>/ holds the content of the model's folder.
    const models = registered.models.map((m) => ({ ...m, dir: registeredModelDir(m.name, m.version), loc: parseModelBlobUrl(m.blobUrl) as ModelBlobLocation }));
    if (c.blobfuseEnabled) {
      models.forEach((m, i) => {
        const slug = registeredModelSlug(m.name, m.version);
        const pvcName = joinName([name, 'model', slug]);
        blobVolume(joinName([effectiveNs, name, 'model', slug]), pvcName, {
          storageAccount: m.loc.storageAccount, container: m.loc.container, folder: m.loc.folder,
          clientId: registered.clientId, resourceGroup: registered.resourceGroup,
        });
        volumes.push({ name: `model-${i}`, persistentVolumeClaim: { claimName: pvcName, readOnly: true } });
        mounts.push({ name: `model-${i}`, mountPath: m.dir, readOnly: true });
      });
    } else {
      // Download every model once per pod into one emptyDir (model i under <i>/, with its
      // blob path), and mount each model's folder (subPath) at azureml-models/<name>/<version>.
      models.forEach((m, i) => {
        mounts.push({ name: 'model', mountPath: m.dir, subPath: m.loc.folder ? `${i}/${m.loc.folder}` : String(i), readOnly: true });
      });
      initContainers.push(
        modelDownloader(
          registered.downloaderImage,
          // MODEL_BLOBS: "<account> <container> <pattern>" per model (validated names, no
          // spaces); -f keeps the shell from expanding the patterns.
          'set -euf; ' + azLogin +
            'set -- $MODEL_BLOBS; i=0; while [ "$#" -ge 3 ]; do mkdir -p "/downloads/$i"; ' +
            'az storage blob download-batch --auth-mode login --account-name "$1" --source "$2" --pattern "$3" --destination "/downloads/$i" --no-progress --output none; ' +
            'if [ -z "$(ls -A "/downloads/$i")" ]; then echo "no blobs match $3 in container $2 of storage account $1" >&2; exit 1; fi; ' +
            'i=$((i+1)); shift 3; done',
          { models: { name: 'MODEL_BLOBS', value: models.map((m) => `${m.loc.storageAccount} ${m.loc.container} ${m.loc.folder ? `${m.loc.folder}/*` : '*'}`).join(' ') } },
          '/downloads',
        ),
      );
    }
  }
  for (const path of c.writablePaths) {
    const v = volumeName(path, used);
    volumes.push({ name: v, emptyDir: {} });
    mounts.push({ name: v, mountPath: path });
  }

  // --- Environment for the Azure ML inference HTTP server (docs/runtime-contract.md names
  // the reader of each). The server's scoring timeout (500) runs past the gateway's (504),
  // gunicorn's worker timeout past both and past the startup budget.
  const serverTimeoutMs = serverScoringTimeoutMs(input.routeTimeoutMs ?? requestTimeoutMs(c));
  const env: Record<string, unknown>[] = [
    { name: 'SERVICE_NAME', value: input.serviceName },
    { name: 'SERVICE_PATH_PREFIX', value: input.swaggerPathPrefix },
    { name: 'AML_APP_ROOT', value: AML_APP_ROOT },
    { name: 'AZUREML_ENTRY_SCRIPT', value: c.entryScript },
    { name: 'AZUREML_MODEL_DIR', value: modelDir },
    { name: 'WORKER_COUNT', value: String(c.replicaMaxConcurrentRequests) },
    { name: 'WORKER_TIMEOUT', value: String(workerTimeoutSeconds(serverTimeoutMs, c)) },
    { name: 'SCORING_TIMEOUT_MS', value: String(serverTimeoutMs) },
    ...appInsightsEnv(c),
    { name: 'AML_MODEL_DC_STORAGE_ENABLED', value: String(c.collectModelData) },
    { name: 'AML_MDC_STORAGE_ENABLED', value: String(c.collectModelData) },
  ];
  for (const [k, v] of Object.entries(c.env)) env.push({ name: k, value: v });
  if (c.collectModelData && !c.enableAppInsights) {
    warnings.push({
      id: 'aks-ml:webservice:modelDataWithoutAppInsights',
      prop: 'collectModelData',
      message:
        'collects nothing: the Azure ML inference server records model inputs and predictions only to Application Insights ' +
        '(traces, message "model_data_collection"), and enableAppInsights is off; turn on enableAppInsights.',
    });
  }

  // --- Resources.
  const requests: Record<string, string> = { cpu: cpuQuantity(c.cpuCores), memory: memoryQuantity(c.memoryGb) };
  const limits: Record<string, string> = {};
  if (c.cpuCoresLimit !== undefined) limits.cpu = cpuQuantity(c.cpuCoresLimit);
  if (c.memoryGbLimit !== undefined) limits.memory = memoryQuantity(c.memoryGbLimit);
  if (c.gpuCores > 0) {
    requests['nvidia.com/gpu'] = String(c.gpuCores);
    limits['nvidia.com/gpu'] = String(c.gpuCores);
  }

  // GET / answers only once init() has returned (the server registers its routes after
  // init()), so it means "ready to score". The startup probe gives init() the time v1's
  // liveness delay gave it; liveness then starts at once, on TCP: a sync worker busy with
  // a long call does not answer GET /, but the socket still accepts (gunicorn itself
  // restarts a worker silent for longer than WORKER_TIMEOUT).
  const httpProbe = { httpGet: { path: '/', port: 'http', scheme: 'HTTP' } };
  const container: Record<string, unknown> = {
    name: SCORING_CONTAINER_NAME,
    image: c.image,
    ...(c.command !== undefined ? { command: [...c.command] } : {}),
    ...(c.args !== undefined ? { args: [...c.args] } : {}),
    ports: [{ name: 'http', containerPort: c.containerPort, protocol: 'TCP' }],
    env,
    resources: { requests, ...(Object.keys(limits).length > 0 ? { limits } : {}) },
    // Written out rather than spread: a literal that starts with a spread gets a hidden
    // class of its own in V8 for every object (see core/merge.ts).
    startupProbe: {
      httpGet: httpProbe.httpGet,
      periodSeconds: STARTUP_PROBE_PERIOD_SECONDS,
      timeoutSeconds: c.timeoutSeconds,
      successThreshold: 1,
      failureThreshold: startupFailureThreshold(c),
    },
    livenessProbe: {
      tcpSocket: { port: 'http' },
      periodSeconds: c.periodSeconds,
      timeoutSeconds: c.timeoutSeconds,
      successThreshold: 1,
      failureThreshold: c.failureThreshold,
    },
    readinessProbe: {
      httpGet: httpProbe.httpGet,
      periodSeconds: c.periodSeconds,
      timeoutSeconds: c.timeoutSeconds,
      successThreshold: c.successThreshold,
      failureThreshold: c.failureThreshold,
    },
    ...(c.restrictedSecurityContext ? { securityContext: restrictedContainerContext } : {}),
    volumeMounts: mounts,
  };

  const podSpec: Record<string, unknown> = {
    serviceAccountName: name,
    automountServiceAccountToken: false,
    ...(c.restrictedSecurityContext
      ? {
        securityContext: {
          runAsNonRoot: true,
          runAsUser: c.runAsUser,
          runAsGroup: c.runAsUser,
          fsGroup: c.runAsUser,
          seccompProfile: { type: 'RuntimeDefault' },
        },
      }
      : {}),
    // Let in-flight scoring calls finish on scale-down and roll-outs.
    terminationGracePeriodSeconds: Math.max(30, Math.ceil(c.scoringTimeoutMs / 1000) + 5),
    ...(initContainers.length > 0 ? { initContainers } : {}),
    containers: [container],
    volumes,
    ...(c.gpuCores > 0 ? { tolerations: [{ ...GPU_TOLERATION }] } : {}),
    ...(Object.keys(c.nodeSelector).length > 0 ? { nodeSelector: { ...c.nodeSelector } } : {}),
    ...(c.imagePullSecrets.length > 0 ? { imagePullSecrets: c.imagePullSecrets.map((s) => ({ name: s })) } : {}),
  };

  const podLabels = { ...labels, ...(podNeedsToken ? { 'azure.workload.identity/use': 'true' } : {}) };
  const deploymentSelector = { matchLabels: { ...m.selector } };
  const strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } };
  const template = {
    metadata: {
      labels: podLabels,
      // Only the downloader needs the token: the webhook leaves the scoring container alone.
      ...(podNeedsToken ? { annotations: { 'azure.workload.identity/skip-containers': SCORING_CONTAINER_NAME } } : {}),
    },
    spec: podSpec,
  };
  objects.push({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, ...ns, labels: { ...labels }, ...(Object.keys(m.annotations).length ? { annotations: { ...m.annotations } } : {}) },
    // With autoscaling the autoscaler owns the replica count; leaving it out keeps
    // GitOps tools from fighting the autoscaler.
    spec: c.autoscaleEnabled
      ? { selector: deploymentSelector, strategy, template }
      : { replicas: c.numReplicas, selector: deploymentSelector, strategy, template },
  });

  objects.push({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, ...ns, labels: { ...labels }, ...(Object.keys(m.annotations).length ? { annotations: { ...m.annotations } } : {}) },
    spec: {
      type: 'ClusterIP',
      selector: { ...m.selector },
      ports: [{ name: 'http', port: SERVICE_PORT, targetPort: 'http', protocol: 'TCP' }],
    },
  });

  if (c.autoscaleEnabled && input.cpuAutoscaler !== false) {
    objects.push({
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name, ...ns, labels: { ...labels } },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
        minReplicas: c.autoscaleMinReplicas,
        maxReplicas: c.autoscaleMaxReplicas,
        metrics: [
          { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: c.autoscaleTargetUtilization } } },
        ],
        behavior: {
          // v1 scaled up within seconds and down after about a minute.
          scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }, { type: 'Pods', value: 4, periodSeconds: 15 }] },
          scaleDown: { stabilizationWindowSeconds: 60, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 50, periodSeconds: 60 }] },
        },
      },
    });
  }

  const maxReplicas = c.autoscaleEnabled ? c.autoscaleMaxReplicas : (c.numReplicas ?? 1);
  if (maxReplicas > 1) {
    objects.push({
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name, ...ns, labels: { ...labels } },
      spec: { maxUnavailable: 1, selector: { matchLabels: { ...m.selector } } },
    });
  }
  return { objects, warnings, service: { name, port: SERVICE_PORT } };
}
