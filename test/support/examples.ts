/** Writes the cdk8s example app's GitOps layout into a folder and reads it back. */
import { readFileSync } from 'fs';
import { join } from 'path';
import { buildExampleApp } from '../../examples/cdk8s/main';
import { writeGitOpsLayout } from '../../examples/cdk8s/gitops';

/** The files of the layout (path relative to `dir` → content), in the order written. */
export function synthExampleLayout(dir: string): Map<string, string> {
  const { app, layers } = buildExampleApp(dir);
  const files = writeGitOpsLayout(app, layers, dir, { repoPath: './dist/gitops' });
  return new Map(files.map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
}

/** The Kubernetes manifests of the layout: the charts' files (not kustomization.yaml, not flux/). */
export function manifestFiles(files: Map<string, string>): Map<string, string> {
  return new Map([...files].filter(([f]) => f.endsWith('.k8s.yaml')));
}
