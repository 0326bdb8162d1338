/**
 * What the npm package holds and says about itself: a git repository URL, no
 * TypeScript sources inside the JavaScript, and no module that neither an entry
 * point nor the `aks-ml` command reaches.
 */
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
/** tsconfig.json as projen writes it (a leading comment line, then JSON). */
const tsconfig = JSON.parse(fs.readFileSync(path.join(ROOT, 'tsconfig.json'), 'utf8').replace(/^\/\/.*$/m, ''));

describe('the npm package', () => {
  test('names its repository by a git URL, which the README links resolve against', () => {
    expect(pkg.repository).toEqual({ type: 'git', url: 'git+https://github.com/aks-ml-constructs/aks-ml-constructs.git' });
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const base = pkg.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');
    const links = [...readme.matchAll(/\]\((https:\/\/github\.com\/[^)]+)\)/g)].map((m) => m[1]);
    expect(links.length).toBeGreaterThan(0);
    expect(links.filter((l) => !l.startsWith(`${base}/`))).toEqual([]);
  });

  test('compiles to JavaScript without inline sources or source maps', () => {
    const o = tsconfig.compilerOptions;
    expect(o.inlineSourceMap).toBe(false);
    expect(o.inlineSources).toBe(false);
    expect(o.sourceMap ?? false).toBe(false);
    expect(o.declaration).toBe(true);
  });

  test('ships lib/ (JavaScript and declarations), the command, the README and the licence', () => {
    expect(pkg.files).toEqual(['lib', 'bin/aks-ml.js', 'README.md', 'LICENSE']);
    expect(pkg.bin).toEqual({ 'aks-ml': 'bin/aks-ml.js' });
    expect(Object.keys(pkg.exports)).toEqual(['.', './cdk8s', './pulumi', './package.json']);
  });

  test('every source module is reached from an entry point or the command', () => {
    const all = new Set<string>();
    const walk = (d: string): void => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) walk(p);
        else if (e.name.endsWith('.ts')) all.add(p);
      }
    };
    walk(path.join(ROOT, 'src'));
    const resolve = (from: string, spec: string): string | undefined => {
      const base = path.resolve(path.dirname(from), spec);
      return [`${base}.ts`, path.join(base, 'index.ts')].find((c) => all.has(c));
    };
    const reached = new Set<string>();
    const roots = ['src/index.ts', 'src/cdk8s/index.ts', 'src/pulumi/index.ts', 'src/cli/main.ts'].map((f) => path.join(ROOT, f));
    const queue = [...roots];
    while (queue.length > 0) {
      const file = queue.pop()!;
      if (reached.has(file)) continue;
      reached.add(file);
      const text = fs.readFileSync(file, 'utf8');
      for (const m of text.matchAll(/(?:from|import|require\()\s*'(\.{1,2}\/[^']+)'/g)) {
        const target = resolve(file, m[1]);
        if (target) queue.push(target);
      }
    }
    expect([...all].filter((f) => !reached.has(f)).map((f) => path.relative(ROOT, f))).toEqual([]);
  });
});
