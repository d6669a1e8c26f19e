// Public entry of the Atlas simulator; other test code imports only from here.
export {
  startAtlasSimulator,
  apiErrorBody,
  acceptsKnownVersion,
  KNOWN_VERSION_DATES,
  SUCCESS_CONTENT_TYPE,
} from './server';
export type { AtlasSimulator, RequestLogEntry, SimulatorOptions } from './server';
export type { Fault, FaultMatch } from './faults';
export { SimulatorData } from './data';
export type { ProjectRecord } from './data';
export {
  DEMO_CREDENTIALS,
  SEED_IDS,
  LOAD_TEST_AWS_PEERS,
  AZURE_OVERLAP_ERROR,
  AZURE_PERMISSIONS_ERROR,
  atlasId,
  awsContainer,
  azureContainer,
  gcpContainer,
  awsPeer,
  azurePeer,
  gcpPeer,
  demoSeed,
  emptySeed,
  makeLargeSeed,
  loadSeedFile,
} from './seed';
export type * from './types';
export { digestResponse, parseDigestHeader, DIGEST_REALM } from './digestAuth';
export { TOKEN_LIMIT_MESSAGE } from './oauth';
