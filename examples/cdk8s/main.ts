/**
 * The example app, a whole platform: the cluster, the in-cluster platform, the
 * gateway, the services and an endpoint. `npm run synth` writes it as a GitOps layout
 * to dist/gitops/ (a folder per layer, and the Flux Kustomizations that apply them in
 * order), offline, with no cluster. See docs/gitops.md.
 */
import { App } from 'cdk8s';
import { ClusterChart, PlatformChart } from './platform-charts';
import { DevTestChart, ProductionChart } from './webservice-charts';
import { AbTestEndpointChart, ServingGatewayChart, TokenAuthChart } from './serving-charts';
import { GitOpsLayer, writeGitOpsLayout } from './gitops';

/** Builds the example app and its layers (also used by the tests). */
export function buildExampleApp(outdir = 'dist'): { app: App; layers: GitOpsLayer[] } {
  const app = new App({ outdir });
  const { cluster } = new ClusterChart(app, 'cluster');
  const platform = new PlatformChart(app, 'platform', cluster);
  const serving = new ServingGatewayChart(app, 'ml-gateway');
  const services = [
    new DevTestChart(app, 'sentiment-dev'),
    new ProductionChart(app, 'image-classifier-prod'),
    new AbTestEndpointChart(app, 'churn-ab-test', serving.gateway.ref),
    new TokenAuthChart(app, 'fraud-token-auth', serving.gateway.ref),
  ];
  return {
    app,
    layers: [
      { name: '00-cluster', charts: [cluster.node.scope as ClusterChart], target: 'management' },
      { name: '10-platform', charts: [platform], target: 'workload' },
      { name: '20-gateway', charts: [serving], target: 'workload' },
      { name: '30-services', charts: services, target: 'workload' },
    ],
  };
}

if (require.main === module) {
  const outdir = process.env.AKS_ML_OUTDIR ?? 'dist/gitops';
  const { app, layers } = buildExampleApp(outdir);
  const files = writeGitOpsLayout(app, layers, outdir, { repoPath: `./${outdir.replace(/^\.\//, '')}` });
  for (const f of files) console.log(`wrote ${outdir}/${f}`);
}
