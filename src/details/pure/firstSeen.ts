// When this extension first saw each peer in its current status: the fallback for "time in state"
// when the project's events say nothing about the peer (the AWS 7-day countdown says which it used).
// One memory for the window, shared by the details view, the hover and the tree. Pure.

export class FirstSeen {
  private readonly seen = new Map<string, { status: string; atMs: number }>();

  /** The first time `peerId` was seen with `status`; a new status starts a new count. */
  note(peerId: string, status: string | null, nowMs: number): number {
    const s = status ?? '';
    const had = this.seen.get(peerId);
    if (had && had.status === s) {
      return had.atMs;
    }
    this.seen.set(peerId, { status: s, atMs: nowMs });
    return nowMs;
  }
}

export const firstSeen = new FirstSeen();
