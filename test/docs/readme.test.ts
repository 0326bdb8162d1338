/**
 * README.md is the user guide on the npm page: every TypeScript block in it must compile
 * as written against the package as it is published, and every link must work from npm.
 *
 * The blocks are type-checked with the TypeScript compiler API in one program, with the
 * README's own tsconfig.json block as compiler options. `aks-ml-constructs`,
 * `aks-ml-constructs/cdk8s` and `aks-ml-constructs/pulumi` resolve to the declarations the
 * build writes to lib/ (emitted here from src/ with `emitDeclarationOnly`, kept in memory,
 * never written), found through the `types` of each entry of package.json `exports`.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

const ROOT = path.resolve(__dirname, '..', '..');
const README_PATH = path.join(ROOT, 'README.md');
const README = fs.readFileSync(README_PATH, 'utf8');
const REPO_URL = 'https://github.com/aks-ml-constructs/aks-ml-constructs';
/** Where the in-memory declarations live (never written to disk). */
const DECLARATIONS_DIR = path.join(ROOT, '.readme-test-declarations');

interface CodeBlock {
  readonly lang: string;
  readonly code: string;
  /** The README line (1-based) of the block's first line of code. */
  readonly line: number;
}

/** The fenced code blocks of a Markdown text, in order. */
function codeBlocks(markdown: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  const re = /^```([\w-]*)[^\n]*\n([\s\S]*?)^```[ \t]*$/gm;
  let m: RegExpExecArray | null;
  while ((m = re.exec(markdown)) !== null) {
    const line = markdown.slice(0, m.index).split('\n').length + 1;
    blocks.push({ lang: m[1], code: m[2], line });
  }
  return blocks;
}

/** The link targets of a Markdown text: inline links, images and reference definitions. */
function linkTargets(markdown: string): string[] {
  const text = markdown.replace(/^```[\s\S]*?^```[ \t]*$/gm, ''); // not inside code blocks
  const inline = [...text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]);
  const references = [...text.matchAll(/^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)].map((m) => m[1]);
  return [...inline, ...references];
}

/** The anchor GitHub gives a heading. */
function githubSlug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

function anchorsOf(markdown: string): Set<string> {
  const text = markdown.replace(/^```[\s\S]*?^```[ \t]*$/gm, '');
  return new Set([...text.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)].map((m) => githubSlug(m[1])));
}

/** `blob/main/<path>` and `tree/main/<path>` URLs of this repository in a text. */
function repositoryUrls(markdown: string): { url: string; kind: 'blob' | 'tree'; path: string; anchor?: string }[] {
  return linkTargets(markdown)
    .filter((u) => u.startsWith(`${REPO_URL}/`))
    .map((url) => {
      const m = /^https:\/\/github\.com\/[^/]+\/[^/]+\/(blob|tree)\/main\/([^#?]*)(?:#(.*))?$/.exec(url);
      if (!m) return { url, kind: 'blob' as const, path: '' };
      return { url, kind: m[1] as 'blob' | 'tree', path: m[2].replace(/\/$/, ''), ...(m[3] ? { anchor: m[3] } : {}) };
    });
}

/** Problems with the repository URLs of a Markdown file: missing targets, missing anchors. */
function brokenRepositoryUrls(markdown: string): string[] {
  const broken: string[] = [];
  for (const u of repositoryUrls(markdown)) {
    const target = path.join(ROOT, u.path);
    if (u.path === '') {
      broken.push(`${u.url}: not a blob/main or tree/main URL`);
    } else if (u.kind === 'blob' && !(fs.existsSync(target) && fs.statSync(target).isFile())) {
      broken.push(`${u.url}: no file ${u.path} in the repository`);
    } else if (u.kind === 'tree' && !(fs.existsSync(target) && fs.statSync(target).isDirectory())) {
      broken.push(`${u.url}: no directory ${u.path} in the repository`);
    } else if (u.anchor !== undefined && u.path.endsWith('.md') && !anchorsOf(fs.readFileSync(target, 'utf8')).has(u.anchor)) {
      broken.push(`${u.url}: ${u.path} has no heading with the anchor #${u.anchor}`);
    }
  }
  return broken;
}

// ---------------------------------------------------------------------------------------
// Type-checking the blocks against the declarations of the package

/** A compiler host that serves `virtual` files from memory and caches parsed files on disk. */
function memoryHost(options: ts.CompilerOptions, virtual: Map<string, string>, cache: Map<string, ts.SourceFile>): ts.CompilerHost {
  const base = ts.createCompilerHost(options, true);
  const isVirtualDir = (dir: string) => {
    const d = path.resolve(dir);
    return [...virtual.keys()].some((f) => f.startsWith(d + path.sep));
  };
  return {
    ...base,
    getCurrentDirectory: () => ROOT,
    fileExists: (f) => virtual.has(path.resolve(f)) || base.fileExists(f),
    readFile: (f) => virtual.get(path.resolve(f)) ?? base.readFile(f),
    directoryExists: (d) => isVirtualDir(d) || (base.directoryExists?.(d) ?? ts.sys.directoryExists(d)),
    realpath: (f) => (virtual.has(path.resolve(f)) || isVirtualDir(f) ? f : (base.realpath?.(f) ?? f)),
    getSourceFile: (fileName, languageVersion, onError) => {
      const text = virtual.get(path.resolve(fileName));
      if (text !== undefined) return ts.createSourceFile(fileName, text, languageVersion, true);
      const cached = cache.get(fileName);
      if (cached) return cached;
      const sf = base.getSourceFile(fileName, languageVersion, onError);
      if (sf) cache.set(fileName, sf);
      return sf;
    },
    writeFile: () => {
      throw new Error('the README test writes nothing');
    },
  };
}

/** The declarations of src/, as `tsc -p tsconfig.json` writes them to lib/, in memory under DECLARATIONS_DIR. */
function emitDeclarations(cache: Map<string, ts.SourceFile>): Map<string, string> {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    path.join(ROOT, 'tsconfig.json'),
    {
      noEmit: false,
      declaration: true,
      emitDeclarationOnly: true,
      declarationMap: false,
      sourceMap: false,
      inlineSourceMap: false,
      inlineSources: false,
      incremental: false,
      composite: false,
      outDir: DECLARATIONS_DIR,
      declarationDir: DECLARATIONS_DIR,
    },
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  );
  if (!parsed) throw new Error('tsconfig.json could not be read');
  const out = new Map<string, string>();
  const host = memoryHost(parsed.options, new Map(), cache);
  host.writeFile = (fileName, text) => void out.set(path.resolve(fileName), text);
  // Only what the entry points reach (the CLI is not part of the typed surface).
  const rootNames = Object.values(entryPointTypes()).map((types) => path.join(ROOT, 'src', path.relative('lib', types)).replace(/\.d\.ts$/, '.ts'));
  const program = ts.createProgram({ rootNames, options: parsed.options, host });
  const result = program.emit(undefined, undefined, undefined, true);
  const problems = [...parsed.errors, ...result.diagnostics];
  if (result.emitSkipped || problems.length > 0 || out.size === 0) {
    throw new Error(`declaration emit failed:\n${ts.formatDiagnostics(problems, host)}`);
  }
  return out;
}

/** The `types` of each entry of package.json `exports` (under lib/), by module name. */
function entryPointTypes(): Record<string, string> {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const types: Record<string, string> = {};
  for (const [key, value] of Object.entries(pkg.exports as Record<string, unknown>)) {
    const t = typeof value === 'object' && value !== null ? (value as { types?: string }).types : undefined;
    if (!t) continue;
    types[key === '.' ? pkg.name : `${pkg.name}/${key.replace(/^\.\//, '')}`] = path.normalize(t);
  }
  return types;
}

/** `paths` mapping the package's entry points to the in-memory declarations (lib/ is where tsconfig.json puts src/). */
function entryPointPaths(): Record<string, string[]> {
  return Object.fromEntries(Object.entries(entryPointTypes()).map(([name, t]) => [name, [path.join(DECLARATIONS_DIR, path.relative('lib', t))]]));
}

/** The compiler options of the README's tsconfig.json block. */
function readmeCompilerOptions(): ts.CompilerOptions {
  const json = codeBlocks(README).filter((b) => b.lang === 'json').map((b) => JSON.parse(b.code));
  const tsconfig = json.find((j) => j.compilerOptions !== undefined);
  if (!tsconfig) throw new Error('README.md has no tsconfig.json block');
  const { options, errors } = ts.convertCompilerOptionsFromJson(tsconfig.compilerOptions, ROOT);
  if (errors.length > 0) throw new Error(ts.formatDiagnostics(errors, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => ROOT, getNewLine: () => '\n' }));
  return options;
}

interface CheckedFile {
  readonly fileName: string;
  /** The README line of the file's first line (for messages). */
  readonly line?: number;
}

interface CheckResult {
  /** Diagnostics of the options and globals. */
  readonly global: readonly ts.Diagnostic[];
  /** Diagnostics per checked file. */
  readonly byFile: Map<string, readonly ts.Diagnostic[]>;
  /** The files the entry points resolved to. */
  readonly resolvedEntryPoints: Map<string, string | undefined>;
}

/** Type-checks `files` (name → code) in one program against the in-memory declarations. */
function typeCheck(files: Map<string, string>, declarations: Map<string, string>, cache: Map<string, ts.SourceFile>): CheckResult {
  const paths = entryPointPaths();
  const options: ts.CompilerOptions = { ...readmeCompilerOptions(), noEmit: true, baseUrl: ROOT, paths };
  const virtual = new Map([...declarations, ...files]);
  const host = memoryHost(options, virtual, cache);
  const program = ts.createProgram({ rootNames: [...files.keys()], options, host });
  const byFile = new Map<string, readonly ts.Diagnostic[]>();
  for (const fileName of files.keys()) {
    const sf = program.getSourceFile(fileName)!;
    byFile.set(fileName, [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)]);
  }
  const resolvedEntryPoints = new Map<string, string | undefined>();
  for (const name of Object.keys(paths)) {
    const r = ts.resolveModuleName(name, [...files.keys()][0], options, host);
    resolvedEntryPoints.set(name, r.resolvedModule?.resolvedFileName);
  }
  return { global: [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()], byFile, resolvedEntryPoints };
}

function formatDiagnostics(diagnostics: readonly ts.Diagnostic[], file?: CheckedFile): string {
  return diagnostics
    .map((d) => {
      const text = ts.flattenDiagnosticMessageText(d.messageText, '\n    ');
      if (!d.file || d.start === undefined) return `TS${d.code}: ${text}`;
      const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
      const where = file?.line !== undefined ? `README.md:${file.line + line}:${character + 1}` : `${path.basename(d.file.fileName)}:${line + 1}:${character + 1}`;
      return `${where} TS${d.code}: ${text}`;
    })
    .join('\n');
}

const tsBlocks = codeBlocks(README).filter((b) => b.lang === 'ts' || b.lang === 'typescript');
const blockFiles: CheckedFile[] = tsBlocks.map((b, i) => ({ fileName: path.join(ROOT, `README.md.block-${i + 1}.ts`), line: b.line }));

/**
 * Blocks that must not compile, in the same program: they show that the entry points
 * resolve to the real declarations (not to `any`) and that a type error is reported.
 */
const CANARIES: Record<string, string> = {
  cdk8s: [
    "import { App, Chart } from 'cdk8s';",
    "import { AksWebserviceConstruct } from 'aks-ml-constructs/cdk8s';",
    "new AksWebserviceConstruct(new Chart(new App(), 'c'), 'x', { name: 'x' }); // no image",
  ].join('\n'),
  pulumi: [
    "import { AksWebservice } from 'aks-ml-constructs/pulumi';",
    "export const n: number = new AksWebservice('x', { name: 'x', image: 'i' }).serviceName;",
  ].join('\n'),
  core: [
    "import { ClusterPurpose, NoSuchExport } from 'aks-ml-constructs';",
    'export const n: number = ClusterPurpose.FAST_PROD;',
    'export const m = NoSuchExport;',
  ].join('\n'),
};
const canaryFile = (name: string) => path.join(ROOT, `readme-canary-${name}.ts`);

let result: CheckResult;

beforeAll(() => {
  const cache = new Map<string, ts.SourceFile>();
  const declarations = emitDeclarations(cache);
  const files = new Map<string, string>([
    ...tsBlocks.map((b, i) => [blockFiles[i].fileName, b.code] as [string, string]),
    ...Object.entries(CANARIES).map(([name, code]) => [canaryFile(name), code] as [string, string]),
  ]);
  result = typeCheck(files, declarations, cache);
}, 240_000);

describe('README.md TypeScript blocks', () => {
  test('there are TypeScript blocks, for both engines', () => {
    expect(tsBlocks.length).toBeGreaterThan(0);
    expect(tsBlocks.some((b) => b.code.includes("from 'aks-ml-constructs/cdk8s'"))).toBe(true);
    expect(tsBlocks.some((b) => b.code.includes("from 'aks-ml-constructs/pulumi'"))).toBe(true);
  });

  test('the entry points resolve to the declarations of the package', () => {
    expect([...result.resolvedEntryPoints.keys()].sort()).toEqual(['aks-ml-constructs', 'aks-ml-constructs/cdk8s', 'aks-ml-constructs/pulumi']);
    for (const [name, file] of result.resolvedEntryPoints) {
      expect({ name, file: file && path.relative(ROOT, file) }).toEqual({
        name,
        file: path.join(path.basename(DECLARATIONS_DIR), name === 'aks-ml-constructs' ? '' : name.split('/')[1], 'index.d.ts'),
      });
    }
  });

  test('the README tsconfig.json options are valid', () => {
    expect(formatDiagnostics(result.global)).toBe('');
  });

  test.each(blockFiles.map((f, i) => [i + 1, f.line ?? 0, f] as const))('block %d (README.md line %d) compiles as written', (_n, _line, file) => {
    expect(formatDiagnostics(result.byFile.get(file.fileName) ?? [], file)).toBe('');
  });

  test('a block with a type error is reported (entry points are typed, not any)', () => {
    const messages = (name: string) => (result.byFile.get(canaryFile(name)) ?? []).map((d) => `TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
    expect(messages('cdk8s').join('\n')).toMatch(/TS2345 .*'image'/);
    expect(messages('pulumi').join('\n')).toMatch(/TS2322 Type 'string' is not assignable to type 'number'/);
    const core = messages('core').join('\n');
    expect(core).toMatch(/TS2305 .*NoSuchExport/);
    expect(core).toMatch(/TS2322 Type '(import\(.*\)\.)?ClusterPurpose(\.FAST_PROD)?' is not assignable to type 'number'/);
  });
});

describe('README.md set-up commands', () => {
  test('the contributor commands are the two the project runs', () => {
    const sh = codeBlocks(README).filter((b) => b.lang === 'sh').map((b) => b.code).join('\n');
    expect(sh).toMatch(/^npm ci && npm run synth(\s|$)/m);
    expect(sh).toMatch(/^npm test(\s|$)/m);
    const scripts = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts as Record<string, string>;
    expect({ synth: typeof scripts.synth, test: typeof scripts.test }).toEqual({ synth: 'string', test: 'string' });
  });

  test('the install lines name the peers the package declares', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    const installed = new Set(
      codeBlocks(README)
        .filter((b) => b.lang === 'sh')
        .flatMap((b) => b.code.split('\n'))
        .filter((l) => /^npm install /.test(l))
        .flatMap((l) => l.split(/\s+/).slice(2))
        .filter((w) => !w.startsWith('-'))
        .map((w) => w.replace(/(.)@.*$/, '$1')),
    );
    expect(Object.keys(pkg.peerDependencies).filter((p) => !installed.has(p))).toEqual([]);
    expect(installed.has(pkg.name)).toBe(true);
  });
});

describe('README.md links', () => {
  const targets = linkTargets(README);

  test('there are links, and none is relative (they must work from the npm page)', () => {
    expect(targets.length).toBeGreaterThan(0);
    for (const prefix of ['](./', '](docs/', '](examples/', '](bench/', '](../']) {
      expect({ prefix, found: README.includes(prefix) }).toEqual({ prefix, found: false });
    }
    expect(targets.filter((t) => !/^https?:\/\//.test(t))).toEqual([]);
  });

  test('every docs/ URL points at a docs page that exists', () => {
    const docsUrls = targets.filter((t) => t.includes('/docs/'));
    expect(docsUrls.length).toBeGreaterThan(0);
    for (const url of docsUrls) {
      const m = new RegExp(`^${REPO_URL.replace(/[.]/g, '\\.')}/blob/main/(docs/[\\w.-]+\\.md)(#[\\w-]+)?$`).exec(url);
      expect({ url, page: m?.[1] }).toEqual({ url, page: expect.stringMatching(/^docs\//) });
      expect({ url, exists: fs.existsSync(path.join(ROOT, m![1])) }).toEqual({ url, exists: true });
    }
  });

  test('every URL into this repository, from the README and the docs pages, has its target', () => {
    const docsDir = path.join(ROOT, 'docs');
    const pages = ['README.md', ...fs.readdirSync(docsDir).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
    const broken = pages.flatMap((p) => brokenRepositoryUrls(fs.readFileSync(path.join(ROOT, p), 'utf8')).map((b) => `${p}: ${b}`));
    expect(broken).toEqual([]);
  });

  test('the link checks find what they look for', () => {
    expect(linkTargets('see [a](./x.md), [b](https://e.org/y "t") and\n[c]: docs/z.md\n```\n[d](./in-code)\n```\n')).toEqual(['./x.md', 'https://e.org/y', 'docs/z.md']);
    expect(githubSlug('To YAML in a GitOps repository: `aks-ml convert`')).toBe('to-yaml-in-a-gitops-repository-aks-ml-convert');
    expect(brokenRepositoryUrls(`[x](${REPO_URL}/blob/main/docs/no-such-page.md) [y](${REPO_URL}/blob/main/README.md#no-such-heading)`)).toEqual([
      `${REPO_URL}/blob/main/docs/no-such-page.md: no file docs/no-such-page.md in the repository`,
      `${REPO_URL}/blob/main/README.md#no-such-heading: README.md has no heading with the anchor #no-such-heading`,
    ]);
  });
});
