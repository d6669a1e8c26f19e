// Every command id the extension contributes, in one place (package.json must list the same ids;
// test/unit/manifest.test.ts checks both directions).
export const Commands = {
  setCredentials: 'atlasPeering.setCredentials',
  signOut: 'atlasPeering.signOut',
  importFromAtlasCli: 'atlasPeering.importFromAtlasCli',
  addProjectToWorkspace: 'atlasPeering.addProjectToWorkspace',
  refresh: 'atlasPeering.refresh',
  refreshNode: 'atlasPeering.refreshNode',
  showDetails: 'atlasPeering.showDetails',
  lookUpPeeringConnection: 'atlasPeering.lookUpPeeringConnection',
  refreshPeer: 'atlasPeering.refreshPeer',
  copyPeerId: 'atlasPeering.copyPeerId',
  copyConnectionId: 'atlasPeering.copyConnectionId',
  copyJson: 'atlasPeering.copyJson',
  openInAtlas: 'atlasPeering.openInAtlas',
  generateTerraform: 'atlasPeering.generateTerraform',
  generateKubernetes: 'atlasPeering.generateKubernetes',
  driftReport: 'atlasPeering.driftReport',
  showNeedsAttention: 'atlasPeering.showNeedsAttention',
  filterNeedsAttention: 'atlasPeering.filterNeedsAttention',
  clearFilter: 'atlasPeering.clearFilter',
  findConnection: 'atlasPeering.findConnection',
} as const;

export type CommandId = (typeof Commands)[keyof typeof Commands];

/** Context keys set with setContext; package.json `when` clauses use these. */
export const ContextKeys = {
  loaded: 'atlasPeering.loaded',
  hasCredentials: 'atlasPeering.hasCredentials',
  hasProjects: 'atlasPeering.hasProjects',
  /** The tree shows only connections that need attention. */
  attentionOnly: 'atlasPeering.attentionOnly',
} as const;

export const VIEW_ID = 'atlasPeering.connections';
