// Where the tree's last-known state is kept (the format and its bounds are pure/treeSnapshot.ts): one
// file in the extension's global storage, read once per window, written a second after the last
// load of a burst, deleted for a profile on Sign Out and entirely when the setting is turned off.

import * as vscode from 'vscode';
import { createLogger } from '../logging/log';
import {
  EMPTY_SNAPSHOT,
  entryFor,
  parseSnapshotFile,
  serializeSnapshot,
  withEntry,
  withoutProfile,
  type SnapshotEntry,
  type SnapshotFile,
} from './pure/treeSnapshot';

const log = createLogger('tree');

/** A burst of loads (a pass over 1,000 projects) ends in one write. */
const SAVE_DELAY_MS = 1_000;

/** The file the snapshot lives in (a seam for tests that want another place). */
export interface SnapshotFileAccess {
  read(): Promise<string | undefined>;
  write(text: string): Promise<void>;
  delete(): Promise<void>;
}

export function snapshotFileIn(storage: vscode.Uri): SnapshotFileAccess {
  const uri = vscode.Uri.joinPath(storage, 'tree-snapshot.json');
  return {
    read: async () => {
      try {
        return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      } catch {
        return undefined; // none yet
      }
    },
    write: async (text) => {
      await vscode.workspace.fs.createDirectory(storage);
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    },
    delete: async () => {
      await vscode.workspace.fs.delete(uri).then(undefined, () => undefined);
    },
  };
}

export class TreeSnapshots implements vscode.Disposable {
  private file: Promise<SnapshotFile> | undefined;
  private saveTimer: NodeJS.Timeout | undefined;
  private collect: (() => SnapshotEntry[]) | undefined;
  /** Writes run one after another, so the last one written is the last one asked for. */
  private writes: Promise<void> = Promise.resolve();

  constructor(
    private readonly access: SnapshotFileAccess,
    readonly enabled: () => boolean,
  ) {}

  private load(): Promise<SnapshotFile> {
    this.file ??= this.access.read().then(parseSnapshotFile, () => EMPTY_SNAPSHOT);
    return this.file;
  }

  /** The entry kept under this key, when the setting allows one. */
  async entry(key: string): Promise<SnapshotEntry | undefined> {
    return this.enabled() ? entryFor(await this.load(), key) : undefined;
  }

  /** Saves what `collect` returns then, a second after the last call of a burst. */
  scheduleSave(collect: () => SnapshotEntry[]): void {
    if (!this.enabled()) {
      return;
    }
    this.collect = collect;
    this.saveTimer ??= setTimeout(() => void this.saveNow(), SAVE_DELAY_MS);
  }

  /** Saves what is pending now, and resolves when every write asked for so far is done (tests). */
  async flush(): Promise<void> {
    await this.saveNow();
    await this.writes;
  }

  private saveNow(): Promise<void> {
    clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    const entries = this.collect?.() ?? [];
    this.collect = undefined;
    if (entries.length === 0 || !this.enabled()) {
      return Promise.resolve();
    }
    return this.update((f) => entries.reduce(withEntry, f));
  }

  /** Deletes a profile's entries (Sign Out), or the whole file (the setting turned off). */
  async forget(profile?: string): Promise<void> {
    clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    this.collect = undefined;
    if (profile === undefined) {
      this.file = Promise.resolve(EMPTY_SNAPSHOT);
      await this.queue(() => this.access.delete());
      return;
    }
    await this.update((f) => withoutProfile(f, profile));
  }

  /** Reads, changes and writes in the queue, so that a Sign Out and a save never undo each other. */
  private update(change: (f: SnapshotFile) => SnapshotFile): Promise<void> {
    return this.queue(async () => {
      const next = change(await this.load());
      this.file = Promise.resolve(next);
      await this.access.write(serializeSnapshot(next));
    });
  }

  private queue(write: () => Promise<void>): Promise<void> {
    this.writes = this.writes
      .then(write)
      .catch((e) => log.warn(`the tree snapshot could not be written: ${String(e)}`));
    return this.writes;
  }

  dispose(): void {
    clearTimeout(this.saveTimer);
  }
}
