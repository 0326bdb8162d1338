import { ApiObject, App, Chart } from 'cdk8s';
import { setWarningHandler } from '../src';
import { AksEndpointConstruct, AksWebserviceConstruct } from '../src/cdk8s';
import { serviceProps, endpointProps } from './bench';
setWarningHandler(() => undefined);
const n = Number(process.argv[2] ?? 1000);
const gc = (global as any).gc;
function lib() {
  const app = new App({ outdir: '/tmp/q/unused' });
  const chart = new Chart(app, 'scoring');
  for (let i = 0; i < n; i++) new AksWebserviceConstruct(chart, `svc-${i}`, serviceProps(i));
  for (let j = 0; j < n / 10; j++) new AksEndpointConstruct(chart, `ep-${j}`, endpointProps(j));
  return app;
}
const objects = lib().charts[0].toJson();
function plain() {
  const app = new App({ outdir: '/tmp/q/unused' });
  const chart = new Chart(app, 'scoring');
  objects.forEach((o: any, j: number) => new ApiObject(chart, `o${j}`, structuredClone(o)));
  return app;
}
for (const [name, f] of [['lib', lib], ['plain', plain], ['lib', lib], ['plain', plain]] as const) {
  gc(); const h0 = process.memoryUsage().heapUsed;
  let t = Date.now();
  const app = f();
  const tc = Date.now() - t; t = Date.now();
  const h1 = process.memoryUsage().heapUsed;
  const json = app.charts[0].toJson();
  const tj = Date.now() - t; t = Date.now();
  const y = app.synthYaml();
  const ty = Date.now() - t;
  gc(); const h2 = process.memoryUsage().heapUsed;
  console.log(name, { construct: tc, toJson: tj, synthYaml: ty, nodes: app.node.findAll().length, heapAfterConstructMB: Math.round((h1 - h0) / 1e6), retainedMB: Math.round((h2 - h0) / 1e6), len: y.length + json.length * 0 });
}
