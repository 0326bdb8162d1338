/**
 * The example app: `npm run synth` writes one YAML file per chart to dist/,
 * offline, with no cluster. (`cdk8s synth` runs the same file through cdk8s.yaml.)
 */
import { App, YamlOutputType } from 'cdk8s';
import { DevTestChart, ProductionChart } from './webservice-charts';
import { AbTestEndpointChart, ServingGatewayChart, TokenAuthChart } from './serving-charts';

/** Builds the example app (also used by the tests). */
export function buildExampleApp(outdir: string): App {
  const app = new App({ outdir, outputFileExtension: '.k8s.yaml', yamlOutputType: YamlOutputType.FILE_PER_CHART });
  new DevTestChart(app, 'sentiment-dev');
  new ProductionChart(app, 'image-classifier-prod');
  const { gateway } = new ServingGatewayChart(app, 'ml-gateway');
  new AbTestEndpointChart(app, 'churn-ab-test', gateway.ref);
  new TokenAuthChart(app, 'fraud-token-auth', gateway.ref);
  return app;
}

if (require.main === module) {
  const outdir = process.env.AKS_ML_OUTDIR ?? 'dist';
  const app = buildExampleApp(outdir);
  app.synth();
  for (const chart of app.charts) {
    console.log(`wrote ${outdir}/${chart.node.id}.k8s.yaml (${chart.toJson().length} objects)`);
  }
}
