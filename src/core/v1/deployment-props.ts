/**
 * The props a v1 deployment config file maps to: the deploy configuration of a web
 * service, plus the endpoint-version settings and the service name.
 */
import type { AksWebserviceDeployConfiguration } from '../webservice/deploy-configuration';

/** What a v1 deployment config deploys: a web service, or one version of an endpoint. */
export type V1DeploymentKind = 'webservice' | 'endpointVersion';

/** The layout a deployment config was written in. */
export type V1DeploymentConfigFormat = 'json' | 'yaml' | 'aml-deploy-action';

/** The v1 endpoint-version settings (`AksEndpoint`), plus the service name. */
export interface V1EndpointVersionProps {
  /** The version name. v1 CLI key: `versionName` (AKSENDPOINT only). */
  readonly versionName?: string;
  /** The share of the endpoint's traffic, 0 to 100. v1 CLI key: `trafficPercentile` (AKSENDPOINT only). */
  readonly trafficPercentile?: number;
  /** Whether this version is the endpoint's default. Library key `isDefault` (v1: a CLI flag). */
  readonly isDefault?: boolean;
  /** Control or treatment version. Library key `versionType` (v1: a CLI flag). */
  readonly versionType?: 'Control' | 'Treatment';
  /** The service name (aml-deploy action: `name`; v1 CLI: the `--name` flag). */
  readonly name?: string;
  /** The compute target (v1 CLI key `computeTargetName`; aml-deploy action: `deployment_compute_target`). */
  readonly computeTargetName?: string;
}

/** The props a deployment config file maps to. */
export type LoadedDeploymentProps = AksWebserviceDeployConfiguration & V1EndpointVersionProps;

/** The name of a prop a deployment config file can set. */
export type LoadedDeploymentPropName = keyof AksWebserviceDeployConfiguration | keyof V1EndpointVersionProps;
