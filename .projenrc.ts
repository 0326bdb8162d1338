import { JsonFile, javascript, typescript } from 'projen';

/**
 * aks-ml-constructs — project definition. Every generated file (package.json,
 * tsconfig*.json, .gitignore, .projen/*) comes from here: edit this file and
 * run `npx projen`, never the generated files.
 */
const cdk8sVersion = '^2.70.0';
const pulumiDeps = {
  '@pulumi/pulumi': '^3.150.0',
  '@pulumi/kubernetes': '^4.20.0',
  '@pulumi/azure-native': '^3.0.0',
  '@pulumi/random': '^4.17.0',
};

const project = new typescript.TypeScriptProject({
  name: 'aks-ml-constructs',
  description:
    'Typed constructs for Azure ML SDK v1 style scoring web services, multi-version endpoints and AKS clusters, synthesized with cdk8s or deployed with Pulumi.',
  keywords: ['azure', 'aks', 'azureml', 'cdk8s', 'pulumi', 'kubernetes', 'mlops', 'gateway-api', 'keda'],
  license: 'Apache-2.0',
  authorName: 'aks-ml-constructs developers',
  authorEmail: 'maintainers@aks-ml-constructs.dev',
  repository: 'git+https://github.com/aks-ml-constructs/aks-ml-constructs.git',
  homepage: 'https://github.com/aks-ml-constructs/aks-ml-constructs#readme',
  defaultReleaseBranch: 'main',
  projenrcTs: true,
  packageManager: javascript.NodePackageManager.NPM,
  minNodeVersion: '20.0.0',
  typescriptVersion: '~5.9.3',
  github: false,
  release: false,
  buildWorkflow: false,
  package: false,
  eslint: false,
  sampleCode: false,
  depsUpgrade: false,
  srcdir: 'src',
  libdir: 'lib',
  testdir: 'test',
  entrypoint: 'lib/index.js',
  entrypointTypes: 'lib/index.d.ts',
  // bin/aks-ml.js runs lib/cli/main.js, or the sources through ts-node when lib/ is not
  // built (in this repository): `npx aks-ml` works right after `npm ci`.
  bin: { 'aks-ml': 'bin/aks-ml.js' },
  // Only the bin above: projen would add every executable file of bin/ under its file name.
  autoDetectBin: false,
  deps: ['yaml@^2.6.0'],
  peerDeps: [
    `cdk8s@${cdk8sVersion}`,
    'cdk8s-plus-28@^2.5.0',
    'constructs@^10.3.0',
    ...Object.entries(pulumiDeps).map(([n, v]) => `${n}@${v}`),
  ],
  devDeps: [
    'kubernetes-models@^5.1.0',
    '@kubernetes-models/base@^6.0.1',
    '@kubernetes-models/validate@^5.0.2',
    '@kubernetes-models/gateway-api@^2.0.0',
    '@kubernetes-models/keda@^2.0.0',
    '@kubernetes-models/external-secrets@^2.0.0',
    '@kubernetes-models/flux-cd@^4.0.0',
    '@kubernetes-models/argo-cd@^4.0.0',
    '@kubernetes-models/prometheus-operator@^6.0.0',
    '@kubernetes-models/cert-manager@^6.0.0',
    '@bufbuild/cel@^0.6.1',
    'fast-check@^4.3.0',
    'ajv@^8.17.1',
    'ts-node@^10.9.2',
    'tsconfig-paths@^4.2.0',
    '@types/node@^20',
  ],
  peerDependencyOptions: { pinnedDevDependency: false },
  jest: true,
  jestOptions: {
    jestVersion: '^29.7.0',
    // Snapshots must fail in CI, never silently rewrite themselves.
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    passWithNoTests: false,
    configFilePath: 'jest.config.json',
    jestConfig: {
      testEnvironment: 'node',
      // kubernetes-models and @kubernetes-models/* are ESM-only and export only the
      // "import" condition: resolve that condition and compile them to CommonJS.
      resolver: '<rootDir>/test/support/esm-models-resolver.js',
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      transformIgnorePatterns: ['/node_modules/(?!(kubernetes-models|@kubernetes-models|is-cidr|cidr-regex)/)'],
      moduleNameMapper: {
        '^aks-ml-constructs$': '<rootDir>/src/index.ts',
        '^aks-ml-constructs/(cdk8s|pulumi)$': '<rootDir>/src/$1/index.ts',
      },
      coveragePathIgnorePatterns: ['/node_modules/', '/test/'],
      testTimeout: 60000,
      // Two workers on a 2-core machine (jest's default, cores - 1, runs one), and no
      // coverage in `npm test` (about +25 % time): `npm run test:coverage` collects it.
      maxWorkers: 2,
      collectCoverage: false,
    },
  },
  tsconfig: {
    compilerOptions: {
      lib: ['es2022'],
      target: 'ES2022',
      module: 'CommonJS',
      moduleResolution: javascript.TypeScriptModuleResolution.NODE,
      skipLibCheck: true,
      noUnusedLocals: true,
      noUnusedParameters: true,
      strict: true,
      esModuleInterop: true,
      resolveJsonModule: true,
      // The package ships lib/*.js and .d.ts only: no inline TypeScript sources or maps
      // (they would point stack traces at src/*.ts files the package does not contain).
      inlineSourceMap: false,
      inlineSources: false,
    },
  },
  tsconfigDev: {
    compilerOptions: {
      baseUrl: '..',
      paths: {
        'aks-ml-constructs': ['src/index.ts'],
        'aks-ml-constructs/cdk8s': ['src/cdk8s/index.ts'],
        'aks-ml-constructs/pulumi': ['src/pulumi/index.ts'],
      },
    },
  },
  // '/node_modules' too: a node_modules symlink (a file, not a folder) must not be committed.
  gitignore: ['dist/', '/out/', '.pulumi/', '*.cpuprofile', 'bench/out/', '/node_modules'],
});

// The jest transform: ts-jest for our TypeScript and for the ESM JavaScript of kubernetes-models.
project.jest!.config.transform = {
  '^.+\\.[tj]s$': ['ts-jest', { tsconfig: 'tsconfig.jest.json' }],
};
project.addDevDeps('ts-jest@^29.4.0', '@types/jest@^29.5.0');

// Optional peers: a cdk8s user installs no @pulumi/* package, a Pulumi user no cdk8s.
const optionalPeers: Record<string, { optional: boolean }> = {};
for (const name of ['cdk8s', 'cdk8s-plus-28', 'constructs', ...Object.keys(pulumiDeps)]) {
  optionalPeers[name] = { optional: true };
}
project.package.addField('peerDependenciesMeta', optionalPeers);
// The engines are also dev dependencies, for our tests and examples.
project.addDevDeps(
  `cdk8s@${cdk8sVersion}`,
  'cdk8s-plus-28@^2.5.0',
  'constructs@^10.3.0',
  ...Object.entries(pulumiDeps).map(([n, v]) => `${n}@${v}`),
);

project.package.addField('exports', {
  '.': { types: './lib/index.d.ts', default: './lib/index.js' },
  './cdk8s': { types: './lib/cdk8s/index.d.ts', default: './lib/cdk8s/index.js' },
  './pulumi': { types: './lib/pulumi/index.d.ts', default: './lib/pulumi/index.js' },
  './package.json': './package.json',
});
// For consumers still on "moduleResolution": "node", which ignores "exports".
project.package.addField('typesVersions', {
  '*': { cdk8s: ['lib/cdk8s/index.d.ts'], pulumi: ['lib/pulumi/index.d.ts'] },
});
project.package.addField('files', ['lib', 'bin/aks-ml.js', 'README.md', 'LICENSE']);

// One type-checking config for sources, tests, examples and the benchmark; package
// self-imports ('aks-ml-constructs/cdk8s') resolve to src/ so examples read like user code.
new JsonFile(project, 'tsconfig.dev.json', {
  obj: {
    extends: './tsconfig.json',
    compilerOptions: {
      rootDir: '.',
      noEmit: true,
      baseUrl: '.',
      paths: {
        'aks-ml-constructs': ['src/index.ts'],
        'aks-ml-constructs/cdk8s': ['src/cdk8s/index.ts'],
        'aks-ml-constructs/pulumi': ['src/pulumi/index.ts'],
      },
    },
    include: ['src/**/*.ts', 'test/**/*.ts', 'examples/**/*.ts', 'bench/**/*.ts'],
    exclude: ['node_modules', 'lib', 'dist'],
  },
});
// A tsconfig for jest: the dev config plus allowJs, so ts-jest can compile the ESM models.
new JsonFile(project, 'tsconfig.jest.json', {
  obj: {
    extends: './tsconfig.dev.json',
    compilerOptions: { allowJs: true, isolatedModules: true, noUnusedLocals: false, noUnusedParameters: false },
  },
});

// The main job: synthesize the examples, offline.
const tsNode = 'ts-node --project tsconfig.dev.json -r tsconfig-paths/register';
const synth = project.addTask('synth', {
  description: 'Synthesize the cdk8s example platform as a GitOps layout in dist/gitops/ (offline, no cluster needed)',
});
synth.exec(`${tsNode} examples/cdk8s/main.ts`);
project.addTask('bench', {
  description: 'Benchmark synthesis (prints figures, writes bench/RESULTS.md)',
  exec: `${tsNode} bench/bench.ts`,
});
project.addTask('typecheck', {
  description: 'Type-check sources, tests, examples and the benchmark',
  // Incremental: a second run re-checks only what changed. The build info lives in
  // .cache/ (ignored by git), never in the package.
  exec: 'tsc --noEmit -p tsconfig.dev.json --incremental --tsBuildInfoFile .cache/tsc/tsconfig.dev.tsbuildinfo',
});
// Tests type-check everything first, so a broken example fails `npm test`.
project.testTask.prependSpawn(project.tasks.tryFind('typecheck')!);
project.addTask('test:coverage', {
  description: 'Run the tests with coverage (coverage/; kept out of `npm test`, which it slows by about a quarter)',
  steps: [{ spawn: 'typecheck' }, { exec: 'jest --ci --coverage', receiveArgs: true }],
});

project.synth();
