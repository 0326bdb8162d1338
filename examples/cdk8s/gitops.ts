/**
 * Writes a cdk8s app as a GitOps layout: a folder per layer (`00-cluster`,
 * `10-platform`, `20-gateway`, `30-services`), each with one YAML file per chart and a
 * `kustomization.yaml`, and the Flux `Kustomization`s that apply the layers in order
 * (`flux/`): each waits until its objects are ready (`wait: true`) and the next one
 * depends on it, so the CRDs the platform installs exist before the gateway and the
 * services use them.
 */
import { mkdirSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';
import { App, Chart, Yaml } from 'cdk8s';

/** A layer: the charts of one folder, and the cluster Flux applies it to. */
export interface GitOpsLayer {
  /** The folder, e.g. `10-platform` (the number orders the layers). */
  readonly name: string;
  readonly charts: readonly Chart[];
  /**
   * `management`: the cluster that runs Azure Service Operator (the cluster layer);
   * `workload`: the AKS cluster the services run on.
   */
  readonly target: 'management' | 'workload';
}

export interface GitOpsLayoutOptions {
  /** The folder of the layout in the Git repository Flux reads (the `path` of each Kustomization). */
  readonly repoPath: string;
  /**
   * The Flux GitRepository with the layout.
   * @default "flux-system" (what `flux bootstrap` creates)
   */
  readonly sourceName?: string;
}

/** The Flux Kustomization (kustomize.toolkit.fluxcd.io/v1) of a layer. */
export function fluxKustomization(layer: GitOpsLayer, dependsOn: readonly string[], options: GitOpsLayoutOptions): Record<string, unknown> {
  return {
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    kind: 'Kustomization',
    metadata: { name: `aks-ml-${layer.name}`, namespace: 'flux-system' },
    spec: {
      interval: '10m',
      path: `${options.repoPath.replace(/\/+$/, '')}/${layer.name}`,
      prune: true,
      // Ready only once every object it applied is ready (HelmReleases installed, CRDs established).
      wait: true,
      timeout: '15m',
      sourceRef: { kind: 'GitRepository', name: options.sourceName ?? 'flux-system' },
      ...(dependsOn.length > 0 ? { dependsOn: dependsOn.map((name) => ({ name })) } : {}),
    },
  };
}

/**
 * Validates the app (every construct's checks, e.g. the services against the
 * platform: nothing is written when one fails), then writes the layout to `outdir`
 * (emptied first). Returns the files written, relative to `outdir`, in order.
 */
export function writeGitOpsLayout(app: App, layers: readonly GitOpsLayer[], outdir: string, options: GitOpsLayoutOptions): string[] {
  // synthYaml() runs every validation and writes nothing.
  app.synthYaml();
  const files = new Map<string, string>();
  for (const layer of layers) {
    const names: string[] = [];
    for (const chart of layer.charts) {
      const name = `${chart.node.id}.k8s.yaml`;
      names.push(name);
      files.set(`${layer.name}/${name}`, Yaml.stringify(...chart.toJson()));
    }
    files.set(`${layer.name}/kustomization.yaml`, Yaml.stringify({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: names }));
  }
  for (const target of ['management', 'workload'] as const) {
    const ofTarget = layers.filter((l) => l.target === target);
    if (ofTarget.length === 0) continue;
    // Within one cluster, each layer waits for the one before it.
    const docs = ofTarget.map((l, i) => fluxKustomization(l, i === 0 ? [] : [`aks-ml-${ofTarget[i - 1].name}`], options));
    files.set(`flux/${target}.yaml`, Yaml.stringify(...docs));
  }
  rmSync(outdir, { recursive: true, force: true });
  for (const [file, text] of files) {
    const path = join(outdir, file);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, text);
  }
  return [...files.keys()];
}
