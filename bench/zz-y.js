if (process.argv[2] === 'pulumi') require('@pulumi/pulumi');
const { Yaml } = require('cdk8s');
const objects = JSON.parse(require('fs').readFileSync('/work/main/bench/out/objects-1000.json', 'utf8'));
for (let r = 0; r < 3; r++) { const t = Date.now(); Yaml.stringify(...objects); console.log(process.argv[2] || 'plain', Date.now() - t, 'ms', Math.round(process.resourceUsage().maxRSS / 1e3), 'MB maxRSS'); }
console.log(require('inspector').url(), require('async_hooks').executionAsyncId());
