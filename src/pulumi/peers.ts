/** Loaded first by the entry point: fails with what to install when an engine package is missing. */
import { PULUMI_PEERS, checkPeers } from '../core/peers';

checkPeers('aks-ml-constructs/pulumi', PULUMI_PEERS);
