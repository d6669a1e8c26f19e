// One scan per document version, shared by the hover, the diagnostics and the CodeLens. A scan runs
// in time slices (configEditor/pure/slices.ts), or in a worker thread for a large file
// (pure/workerScans.ts), so no slice of it holds the extension host for long. Edits shift the last
// scan's references (pure/shiftedReferences.ts), so a hover after an edit answers from them at once; where the edit was, a state file's resource is scanned again on
// its own, and only other hovers there wait for the rescan.
// Files over MAX_SCANNED_CHARS are not scanned: one log line per file, and a hover there says why.

import * as vscode from 'vscode';
import * as path from 'node:path';
import { detectFormat, scanSteps, type DocumentFormat, type FoundReference, type ScanResult } from '../configFiles';
import type { Logger } from '../logging/log';
import { isConfigDocument } from './host';
import { ShiftedReferences, shiftScopeOf } from './pure/shiftedReferences';
import { runInSlices, SlicesAbortedError, type SliceStats } from './pure/slices';
import { WorkerScanner, WorkerUnavailableError } from './pure/workerScans';

/** 30 MB: larger files are skipped (VS Code itself stops syncing files to extensions at 50 MB). */
export const MAX_SCANNED_CHARS = 30 * 1024 * 1024;
/** An edit is rescanned this long after the last keystroke (a hover in the edit rescans at once). */
const RESCAN_DELAY_MS = 300;
/**
 * Files from 256 KB on are scanned in the worker thread (pure/workerScans.ts): below that a scan
 * takes a few milliseconds on the host, less than sending the text across.
 */
export const WORKER_MIN_CHARS = 256 * 1024;

export interface TooLarge {
  tooLarge: true;
  chars: number;
}

export type IndexedScan = ScanResult | TooLarge;

export function isTooLarge(s: IndexedScan | FoundReference | undefined): s is TooLarge {
  return s !== undefined && 'tooLarge' in s;
}

interface Entry {
  /** Version of the document the shifted references describe. */
  version: number;
  shifted?: ShiftedReferences;
  /** The scan of `scanVersion`, while it runs. */
  scan?: Promise<ScanResult>;
  scanVersion?: number;
  abort?: AbortController;
  timer?: NodeJS.Timeout;
}

export class DocumentIndex implements vscode.Disposable {
  private readonly entries = new Map<string, Entry>();
  private readonly skipped = new Set<string>();
  private readonly disposables: vscode.Disposable[] = [];
  /** Longest slice and slice count of every scan so far (the benchmark and tests read it). */
  readonly stats: SliceStats & { scans: number; workerScans: number; workerHeapBytes: number } = {
    longestSliceMs: 0,
    slices: 0,
    scans: 0,
    workerScans: 0,
    workerHeapBytes: 0,
  };
  private worker: WorkerScanner | undefined;

  /** @param workerScript the scan worker's entry, beside the bundle (esbuild.js builds it). */
  constructor(
    private readonly log: Logger,
    workerScript = path.join(__dirname, 'scanWorker.js'),
  ) {
    this.worker = new WorkerScanner(workerScript);
    this.disposables.push(
      vscode.workspace.onDidChangeTextDocument((e) => this.onChange(e)),
      vscode.workspace.onDidCloseTextDocument((d) => this.drop(d.uri.toString())),
    );
  }

  /** The scan of the document's current version: shared, one per version. */
  async scanned(doc: vscode.TextDocument): Promise<IndexedScan> {
    const size = charCount(doc);
    if (size > MAX_SCANNED_CHARS) {
      return this.tooLarge(doc, size);
    }
    const key = doc.uri.toString();
    let entry = this.entries.get(key);
    if (entry?.shifted && entry.version === doc.version && !entry.shifted.edited) {
      const resources = entry.shifted.resources;
      return {
        refs: entry.shifted.references.slice(),
        problems: entry.shifted.problems.slice(),
        ...(resources ? { resources: resources.slice() } : {}),
      };
    }
    if (!entry) {
      entry = { version: doc.version };
      this.entries.set(key, entry);
    }
    return this.scanNow(doc, entry);
  }

  /** The reference at `offset`, answered from the shifted index when the edits did not touch it. */
  async referenceAt(doc: vscode.TextDocument, offset: number): Promise<FoundReference | TooLarge | undefined> {
    const entry = this.entries.get(doc.uri.toString());
    if (entry?.shifted && entry.version === doc.version) {
      let found = entry.shifted.at(offset);
      if (found === 'stale') {
        // In a state file edited inside strings, the offset's resources alone, from their current text.
        found = entry.shifted.rescanWindow(offset, (start, end) =>
          doc.getText(new vscode.Range(doc.positionAt(start), doc.positionAt(end))),
        );
      }
      if (found !== 'stale') {
        return found && copy(found);
      }
    }
    const scan = await this.scanned(doc);
    if (isTooLarge(scan)) {
      return scan;
    }
    const now = this.entries.get(doc.uri.toString())?.shifted?.at(offset);
    return now && now !== 'stale' ? copy(now) : undefined;
  }

  private tooLarge(doc: vscode.TextDocument, chars: number): TooLarge {
    const key = doc.uri.toString();
    if (!this.skipped.has(key)) {
      this.skipped.add(key);
      this.log.info(
        `not scanning ${doc.uri.scheme === 'file' ? doc.fileName : key} for Atlas ids: ${Math.round(chars / 1024 / 1024)} MB is over the ${MAX_SCANNED_CHARS / 1024 / 1024} MB limit`,
      );
    }
    return { tooLarge: true, chars };
  }

  private scanNow(doc: vscode.TextDocument, entry: Entry): Promise<ScanResult> {
    if (entry.scan && entry.scanVersion === doc.version) {
      return entry.scan;
    }
    clearTimeout(entry.timer);
    entry.abort?.abort();
    const abort = new AbortController();
    const version = doc.version;
    const format = detectFormat({ fileName: doc.fileName, languageId: doc.languageId });
    this.stats.scans++;
    const scan = this.scanText(doc, format, abort.signal).then(({ result, text }) => {
      // A newer version may have arrived meanwhile: then its own scan replaces this one.
      if (entry.scanVersion === version) {
        // The scanned text stays with the index of a state file (at most MAX_SCANNED_CHARS): it tells
        // whether the text a later edit removed was structural.
        entry.shifted = new ShiftedReferences(result, shiftScopeOf(format), text);
        entry.version = version;
        entry.scan = undefined;
      }
      return result;
    });
    entry.scan = scan;
    entry.scanVersion = version;
    entry.abort = abort;
    // A superseded scan rejects with SlicesAbortedError: nobody waits on it any more but the
    // callers of that version, which the newer scan serves.
    scan.catch((e: unknown) => {
      if (!(e instanceof SlicesAbortedError)) {
        this.log.warn(`scan of ${doc.fileName} failed: ${String(e)}`);
      }
    });
    return scan;
  }

  /** The scan of the document's current text, and that text for a state file (see scanNow). */
  private async scanText(
    doc: vscode.TextDocument,
    format: DocumentFormat,
    signal: AbortSignal,
  ): Promise<{ result: ScanResult; text?: string }> {
    const length = charCount(doc);
    const keepText = format === 'tfstate';
    if (length >= WORKER_MIN_CHARS && this.worker) {
      const version = doc.version;
      try {
        const scanned = await this.worker.scan({
          format,
          length,
          read: (start, end) => doc.getText(new vscode.Range(doc.positionAt(start), doc.positionAt(end))),
          isCurrent: () => !doc.isClosed && doc.version === version,
          keepText,
          signal,
          stats: this.stats,
        });
        this.stats.workerScans++;
        this.stats.workerHeapBytes = Math.max(this.stats.workerHeapBytes, scanned.workerHeapBytes);
        return scanned;
      } catch (e) {
        if (e instanceof SlicesAbortedError) {
          throw e;
        }
        if (!(e instanceof WorkerUnavailableError)) {
          // The worker died on this text (out of memory on a hostile file, say): what it cost
          // stays in the worker, and the features see a file without Atlas ids.
          this.log.warn(`scan of ${doc.fileName} stopped: ${String(e)}`);
          return { result: { refs: [], problems: [] } };
        }
        this.log.warn(`${String(e)}; scanning on the extension host instead`);
        this.worker = undefined;
      }
    }
    const text = doc.getText();
    const result = await runInSlices(scanSteps(text, format), { signal, stats: this.stats });
    return { result, ...(keepText ? { text } : {}) };
  }

  private onChange(e: vscode.TextDocumentChangeEvent): void {
    const entry = this.entries.get(e.document.uri.toString());
    if (!entry || !isConfigDocument(e.document) || e.contentChanges.length === 0) {
      return;
    }
    if (entry.shifted && entry.version === e.document.version - 1) {
      // Changes of one event do not overlap; from the last to the first, each offset stays valid.
      const changes = [...e.contentChanges].sort((a, b) => b.rangeOffset - a.rangeOffset);
      for (const c of changes) {
        entry.shifted.apply({ offset: c.rangeOffset, removed: c.rangeLength, inserted: c.text.length, text: c.text });
      }
      entry.version = e.document.version;
    } else {
      // Missed a version (the scan was still running): nothing to shift, rescan.
      entry.shifted = undefined;
    }
    clearTimeout(entry.timer);
    const doc = e.document;
    entry.timer = setTimeout(() => {
      if (!doc.isClosed && charCount(doc) <= MAX_SCANNED_CHARS) {
        void this.scanNow(doc, entry).catch(() => undefined);
      }
    }, RESCAN_DELAY_MS);
  }

  private drop(key: string): void {
    const entry = this.entries.get(key);
    if (entry) {
      clearTimeout(entry.timer);
      entry.abort?.abort();
      this.entries.delete(key);
    }
    this.skipped.delete(key);
  }

  dispose(): void {
    for (const key of [...this.entries.keys()]) {
      this.drop(key);
    }
    for (const d of this.disposables.splice(0)) {
      d.dispose();
    }
    this.worker?.dispose();
  }
}

/** The document's length without building its text (offsetAt of the end). */
function charCount(doc: vscode.TextDocument): number {
  const last = doc.lineAt(doc.lineCount - 1);
  return doc.offsetAt(last.range.end);
}

function copy(r: FoundReference): FoundReference {
  return { ...r, range: { ...r.range } };
}
