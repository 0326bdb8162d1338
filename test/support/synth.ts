/** Helpers to synthesize cdk8s charts in tests. */
import { App, Chart, Testing } from 'cdk8s';

/** A fresh chart in a test app. */
export function newChart(props: { namespace?: string } = {}): Chart {
  const app = Testing.app();
  return new Chart(app, 'test', props);
}

/** The chart's objects as plain JSON (what `cdk8s synth` writes). */
export function synthObjects(chart: Chart): Record<string, any>[] {
  return Testing.synth(chart) as Record<string, any>[];
}

/** Finds exactly one object by kind (and name). */
export function one(objects: Record<string, any>[], kind: string, name?: string): Record<string, any> {
  const found = objects.filter((o) => o.kind === kind && (name === undefined || o.metadata?.name === name));
  if (found.length !== 1) {
    throw new Error(`expected one ${kind}${name ? ` "${name}"` : ''}, found ${found.length}: ${objects.map((o) => `${o.kind}/${o.metadata?.name}`).join(', ')}`);
  }
  return found[0];
}

export function kinds(objects: Record<string, any>[]): string[] {
  return objects.map((o) => o.kind);
}

export { App };
