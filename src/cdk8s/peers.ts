/** Loaded first by the entry point: fails with what to install when an engine package is missing. */
import { CDK8S_PEERS, checkPeers } from '../core/peers';

checkPeers('aks-ml-constructs/cdk8s', CDK8S_PEERS);
