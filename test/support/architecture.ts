/**
 * Generates the "v1 setting → where it is realised" tables of docs/architecture.md
 * from the code: for each v1 parameter, the core functions (plan/build code, not the
 * validate/resolve rules) that read the resolved setting, found with the TypeScript
 * type checker (a property access whose declaration is the setting in the props or
 * resolved-config interface).
 *
 * `npx ts-node --project tsconfig.dev.json test/support/architecture.ts --write`
 * rewrites the tables in docs/architecture.md; test/docs/architecture.test.ts fails
 * when they are out of date.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

const ROOT = path.join(__dirname, '..', '..');
export const ARCHITECTURE_DOC = path.join(ROOT, 'docs', 'architecture.md');

/** A group of v1 settings: the map of prop → v1 name, and the interfaces that declare them. */
interface SettingGroup {
  readonly marker: string;
  readonly namesFile: string;
  readonly namesConst: string;
  /** The interfaces that declare the settings under their own names. */
  readonly interfaces: readonly string[];
  /**
   * Settings the resolve step moves elsewhere: the prop → the resolved properties
   * (`Interface.property`, or `Interface.member.property` for an inline type) that carry it.
   */
  readonly resolvedAs?: Readonly<Record<string, readonly string[]>>;
}

const GROUPS: readonly SettingGroup[] = [
  {
    marker: 'webservice',
    namesFile: 'src/core/webservice/deploy-configuration.ts',
    namesConst: 'V1_PARAMETER_NAMES',
    interfaces: ['AksWebserviceDeployConfiguration', 'ResolvedDeployConfiguration'],
    resolvedAs: { tokenAuthEnabled: ['ResolvedWebservice.tokenAuth', 'ResolvedEndpoint.tokenAuth'] },
  },
  {
    marker: 'cluster',
    namesFile: 'src/core/cluster/props.ts',
    namesConst: 'V1_CLUSTER_PARAMETER_NAMES',
    interfaces: ['AksClusterConfigProps', 'ResolvedClusterConfig'],
    resolvedAs: {
      agentCount: ['ResolvedNodePool.nodeCount'],
      vmSize: ['ResolvedNodePool.vmSize'],
      sslCname: ['ResolvedCnameTls.cname'],
      sslCertPemFile: ['ResolvedCnameTls.cert', 'ResolvedCnameTls.certPemFile'],
      sslKeyPemFile: ['ResolvedCnameTls.key', 'ResolvedCnameTls.keyPemFile'],
      leafDomainLabel: ['ResolvedLeafDomainTls.leafDomainLabel'],
      overwriteExistingDomain: ['ResolvedLeafDomainTls.overwriteExistingDomain'],
      vnetName: ['ResolvedVnetSettings.vnetName'],
      vnetResourceGroupName: ['ResolvedVnetSettings.vnetResourceGroupName'],
      subnetName: ['ResolvedVnetSettings.subnetName'],
      serviceCidr: ['ResolvedVnetSettings.serviceCidr'],
      dnsServiceIp: ['ResolvedVnetSettings.dnsServiceIp'],
      dockerBridgeCidr: ['ResolvedVnetSettings.dockerBridgeCidr'],
      resourceId: ['ResolvedClusterConfig.attach.resourceId'],
      resourceGroup: ['ResolvedClusterConfig.attach.resourceGroup'],
      clusterName: ['ResolvedClusterConfig.attach.clusterName'],
    },
  },
];

/** Functions named like rules: they check a setting, they do not realise it. */
const RULE_NAME = /^(validate|resolve|apply|check|assert|describe|is[A-Z])/;

function walk(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

/** Reads `{ prop: 'v1_name', ... }` from the object literal of a const. */
function readNames(sf: ts.SourceFile, name: string): Array<[string, string]> {
  for (const st of sf.statements) {
    if (!ts.isVariableStatement(st)) continue;
    for (const d of st.declarationList.declarations) {
      if (!ts.isIdentifier(d.name) || d.name.text !== name || !d.initializer) continue;
      let init: ts.Expression = d.initializer;
      while (ts.isAsExpression(init) || ts.isSatisfiesExpression(init) || ts.isParenthesizedExpression(init)) init = init.expression;
      if (!ts.isObjectLiteralExpression(init)) break;
      return init.properties.flatMap((p) =>
        ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && ts.isStringLiteral(p.initializer) ? [[p.name.text, p.initializer.text] as [string, string]] : [],
      );
    }
  }
  throw new Error(`${sf.fileName}: no object literal const ${name}`);
}

/** `Interface.property` (or `Interface.member.property` inside an inline type) of a property declaration. */
function ownerPath(d: ts.Declaration): string | undefined {
  if (!ts.isPropertySignature(d) || !ts.isIdentifier(d.name)) return undefined;
  const parent = d.parent;
  if (ts.isInterfaceDeclaration(parent)) return `${parent.name.text}.${d.name.text}`;
  if (ts.isTypeLiteralNode(parent) && ts.isPropertySignature(parent.parent)) {
    const outer = ownerPath(parent.parent);
    return outer ? `${outer}.${d.name.text}` : undefined;
  }
  return undefined;
}

/** The name of the function, method or const-assigned arrow a node is in. */
function enclosingFunction(node: ts.Node): string | undefined {
  let n: ts.Node | undefined = node.parent;
  let name: string | undefined;
  while (n) {
    if ((ts.isFunctionDeclaration(n) || ts.isMethodDeclaration(n)) && n.name && ts.isIdentifier(n.name)) {
      name = n.name.text;
      const cls = ts.isMethodDeclaration(n) && ts.isClassDeclaration(n.parent) && n.parent.name ? `${n.parent.name.text}.` : '';
      name = cls + name;
    } else if ((ts.isArrowFunction(n) || ts.isFunctionExpression(n)) && ts.isVariableDeclaration(n.parent) && ts.isIdentifier(n.parent.name)) {
      name = name ?? n.parent.name.text;
    }
    if (ts.isSourceFile(n)) break;
    n = n.parent;
  }
  return name;
}

export interface SettingRow {
  readonly v1: string;
  readonly prop: string;
  readonly realisedBy: readonly string[];
}

/** For each group, every v1 setting and the `file → function`s that realise it. */
export function settingRows(): Record<string, SettingRow[]> {
  const coreFiles = walk(path.join(ROOT, 'src', 'core'));
  const program = ts.createProgram(coreFiles, {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    strict: true,
    skipLibCheck: true,
    noEmit: true,
    types: [],
  });
  const checker = program.getTypeChecker();
  const out: Record<string, SettingRow[]> = {};
  for (const g of GROUPS) {
    const namesSf = program.getSourceFile(path.join(ROOT, g.namesFile));
    if (!namesSf) throw new Error(`${g.namesFile} is not in src/core`);
    const names = readNames(namesSf, g.namesConst);
    // Each resolved property that carries a setting → the setting.
    const carriers = new Map<string, string>();
    for (const [prop] of names) {
      for (const i of g.interfaces) carriers.set(`${i}.${prop}`, prop);
      for (const r of g.resolvedAs?.[prop] ?? []) carriers.set(r, prop);
    }
    const simpleNames = new Set([...carriers.keys()].map((k) => k.split('.').pop()!));
    const found = new Map<string, Set<string>>();
    for (const sf of program.getSourceFiles()) {
      if (!sf.fileName.startsWith(path.join(ROOT, 'src'))) continue;
      const rel = path.relative(path.join(ROOT, 'src'), sf.fileName).split(path.sep).join('/');
      const visit = (node: ts.Node): void => {
        let nameNode: ts.Identifier | undefined;
        if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.name)) nameNode = node.name;
        else if (ts.isBindingElement(node) && !node.dotDotDotToken) nameNode = (node.propertyName ?? node.name) as ts.Identifier;
        if (nameNode && ts.isIdentifier(nameNode) && simpleNames.has(nameNode.text)) {
          const sym = ts.isBindingElement(node)
            ? checker.getTypeAtLocation(node.parent).getProperty(nameNode.text)
            : checker.getSymbolAtLocation(nameNode);
          const props = new Set((sym?.declarations ?? []).map((d) => carriers.get(ownerPath(d) ?? '')).filter((p): p is string => p !== undefined));
          const fn = enclosingFunction(node);
          if (props.size > 0 && fn && !RULE_NAME.test(fn.replace(/^\w+\./, ''))) {
            for (const prop of props) {
              if (!found.has(prop)) found.set(prop, new Set());
              found.get(prop)!.add(`${rel} → ${fn}`);
            }
          }
        }
        ts.forEachChild(node, visit);
      };
      visit(sf);
    }
    out[g.marker] = names.map(([prop, v1]) => ({ v1, prop, realisedBy: [...(found.get(prop) ?? [])].sort() }));
  }
  return out;
}

/** The markdown table of a group. */
export function renderTable(rows: readonly SettingRow[]): string {
  const lines = ['| v1 parameter | prop | realised in (file → function) |', '|---|---|---|'];
  for (const r of rows) {
    lines.push(`| \`${r.v1}\` | \`${r.prop}\` | ${r.realisedBy.length ? r.realisedBy.map((x) => `\`${x}\``).join('<br>') : '— (validated only)'} |`);
  }
  return lines.join('\n');
}

const begin = (m: string) => `<!-- settings:${m}:begin (generated by test/support/architecture.ts --write) -->`;
const end = (m: string) => `<!-- settings:${m}:end -->`;

/** docs/architecture.md with every generated table replaced by its current content. */
export function regenerate(doc: string, rows = settingRows()): string {
  let text = doc;
  for (const g of GROUPS) {
    const a = text.indexOf(begin(g.marker));
    const b = text.indexOf(end(g.marker));
    if (a < 0 || b < a) throw new Error(`docs/architecture.md lacks the markers of the ${g.marker} table`);
    text = `${text.slice(0, a + begin(g.marker).length)}\n${renderTable(rows[g.marker])}\n${text.slice(b)}`;
  }
  return text;
}

if (require.main === module && process.argv.includes('--write')) {
  fs.writeFileSync(ARCHITECTURE_DOC, regenerate(fs.readFileSync(ARCHITECTURE_DOC, 'utf8')));
  console.log(`wrote ${path.relative(process.cwd(), ARCHITECTURE_DOC)}`);
}
