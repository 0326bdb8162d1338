import '@pulumi/kubernetes';
import { ApiObject, App, Chart } from 'cdk8s';
import { readFileSync } from 'fs';
import { setWarningHandler } from '../src';
import { AksEndpointConstruct, AksWebserviceConstruct } from '../src/cdk8s';
import { serviceProps, endpointProps } from './bench';
setWarningHandler(() => undefined);
const n = 1000;
const which = process.argv[2];
const gc = (global as any).gc;
const mb = () => Math.round(process.memoryUsage().heapUsed / 1e6);
let app: App;
if (which === 'lib') {
  app = new App({ outdir: '/tmp/q/unused' });
  const chart = new Chart(app, 'scoring');
  for (let i = 0; i < n; i++) new AksWebserviceConstruct(chart, `svc-${i}`, serviceProps(i));
  for (let j = 0; j < n / 10; j++) new AksEndpointConstruct(chart, `ep-${j}`, endpointProps(j));
} else {
  const objects = JSON.parse(readFileSync('bench/out/objects-1000.json', 'utf8'));
  app = new App({ outdir: '/tmp/q/unused' });
  const chart = new Chart(app, 'scoring');
  objects.forEach((o: any, j: number) => new ApiObject(chart, `o${j}`, o));
}
const a = mb(); gc(); const b = mb();
console.log(which, 'after construct', a, 'MB; live', b, 'MB');
const t = Date.now();
const y = app.synthYaml();
const c = mb(); gc(); const d = mb();
console.log(which, 'after synth', c, 'MB; live', d, 'MB', Date.now() - t, 'ms', y.length, 'maxRSS', Math.round(process.resourceUsage().maxRSS / 1e3));
