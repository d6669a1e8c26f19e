// Walks (and loads) the tree down to a peer and returns its node: the test API's findPeer.

import type { PeeringTreeProvider } from './peeringTreeProvider';
import type { PeerNode, TreeNode } from './pure/treeModel';

/** The peer's node, loading the profiles and projects on the way; undefined when it is not in the tree. */
export async function findPeerNode(
  tree: Pick<PeeringTreeProvider, 'getChildren' | 'loadedChildren'>,
  profile: string | undefined,
  groupId: string,
  peerId: string,
): Promise<PeerNode | undefined> {
  const walk = async (nodes: TreeNode[]): Promise<PeerNode | undefined> => {
    for (const n of nodes) {
      if (n.kind === 'profile' && (profile === undefined || n.profile === profile)) {
        const found = await walk(await tree.loadedChildren(n));
        if (found) {
          return found;
        }
      } else if (n.kind === 'project' && n.projectId === groupId && (profile === undefined || n.profile === profile)) {
        for (const provider of await tree.loadedChildren(n)) {
          if (provider.kind === 'provider') {
            const peer = (await tree.getChildren(provider)).find((p) => p.kind === 'peer' && p.peer.id === peerId);
            if (peer?.kind === 'peer') {
              return peer;
            }
          }
        }
      }
    }
    return undefined;
  };
  return walk(await tree.getChildren());
}
