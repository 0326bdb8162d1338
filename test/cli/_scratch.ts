import * as fs from 'fs';
import * as pulumi from '@pulumi/pulumi';
import * as k8s from '@pulumi/kubernetes';
import { loadDeploymentConfig } from 'aks-ml-constructs';
import { AksWebservice } from 'aks-ml-constructs/pulumi';

declare const provider: k8s.Provider;
declare const imageDigest: pulumi.Output<string>;
const v1 = loadDeploymentConfig(fs.readFileSync('deploymentconfig.json', 'utf8'), { source: 'deploymentconfig.json' });
for (const w of v1.warnings) pulumi.log.warn(`deploymentconfig.json: ${w.prop}: ${w.message}`);

const fraud = new AksWebservice('fraud', { ...v1.props, name: 'fraud-model', image: imageDigest }, { provider });
export const scoringUri = fraud.scoringUri;
