/** docs/runtime-contract.md's platform table names every component with its chart, tested version and floor. */
import * as fs from 'fs';
import * as path from 'path';
import { PLATFORM_COMPONENTS } from 'aks-ml-constructs';
import { chartVersionOf } from '../../../src/core/platform';

const DOC = path.join(__dirname, '..', '..', '..', 'docs', 'runtime-contract.md');

function rows(): string[][] {
  const text = fs.readFileSync(DOC, 'utf8');
  const body = text.slice(text.indexOf('<!-- platform:begin -->'), text.indexOf('<!-- platform:end -->'));
  return body.split('\n').filter((l) => l.startsWith('| `')).map((l) => l.split('|').slice(1, -1).map((c) => c.trim()));
}

describe('runtime contract: the platform table', () => {
  test('one row per component, in order, with its chart, tested version, floor and upstream commit', () => {
    const table = rows();
    expect(table.map((r) => r[0])).toEqual(PLATFORM_COMPONENTS.map((c) => `\`${c.name}\``));
    for (const [i, c] of PLATFORM_COMPONENTS.entries()) {
      const [, chart, tested, floor, , , upstream] = table[i];
      expect([c.name, chart]).toEqual([c.name, `\`${c.source.chart}\` (\`${c.source.kind === 'oci' ? c.source.url : c.source.repoUrl}\`)`]);
      expect([c.name, tested, floor]).toEqual([c.name, chartVersionOf(c, c.defaultVersion), c.floor.version]);
      const commit = /[0-9a-f]{40}/.exec(c.upstream)![0];
      expect([c.name, upstream.includes(commit)]).toEqual([c.name, true]);
    }
  });
});
