// The last-known tree, kept so that the next opening of the view paints before Atlas answers:
// per Atlas profile, base URL and credential identity, each project's id, name, organization and
// the counts of its connections' states. Nothing else: no credentials, no peer fields, no Atlas text
// beyond project names. The file is ours, but it is read as untrusted input (another process may have
// written it): anything that does not parse exactly is dropped, and its size is bounded on write.

import { createHash } from 'node:crypto';
import type { Project, StatusCategory } from '../../atlas/models';
import type { PeerSummary } from './treeModel';

export const SNAPSHOT_VERSION = 1;
/** Profiles × base URLs × credentials remembered; the oldest goes first. */
export const MAX_SNAPSHOT_ENTRIES = 8;
/** Projects per entry: more than the organizations this product is built for (1,000 projects). */
export const MAX_SNAPSHOT_PROJECTS = 5_000;
/** A project name is kept up to this length (Atlas allows 64; longer ones are cut, not refused). */
export const MAX_SNAPSHOT_NAME = 320;
/** The whole file; entries are dropped, oldest first, until it fits. */
export const MAX_SNAPSHOT_BYTES = 4 * 1024 * 1024;

export interface SnapshotProject {
  id: string;
  name: string;
  orgId?: string;
  /** Undefined when the project had not loaded when the snapshot was taken. */
  summary?: PeerSummary;
}

export interface SnapshotEntry {
  /** snapshotKey(profile, baseUrl, credential identity): a hash, so the file names no credential. */
  key: string;
  /** The Atlas profile's name, so that Sign Out can delete its entries. */
  profile: string;
  /** Epoch milliseconds. */
  savedAt: number;
  projects: SnapshotProject[];
  /** The names of the organizations the projects span, when more than one (the tree groups by them). */
  orgs?: SnapshotOrg[];
}

export interface SnapshotOrg {
  id: string;
  name: string;
}

/** Organizations per entry. */
export const MAX_SNAPSHOT_ORGS = 1_000;

export interface SnapshotFile {
  version: typeof SNAPSHOT_VERSION;
  entries: SnapshotEntry[];
}

export const EMPTY_SNAPSHOT: SnapshotFile = { version: SNAPSHOT_VERSION, entries: [] };

/**
 * Which credentials a snapshot belongs to: the public half only (API public key or service account
 * client id), hashed with the profile and base URL. Other credentials, another base URL or another
 * profile never see it.
 */
export function snapshotKey(profile: string, baseUrl: string, credentialId: string): string {
  // JSON, not a separator: no profile name or URL can make two triples read alike.
  return createHash('sha256')
    .update(JSON.stringify([profile, baseUrl, credentialId]))
    .digest('hex');
}

const CATEGORIES: readonly StatusCategory[] = ['ready', 'inProgress', 'needsAction', 'failed', 'deleting', 'unknown'];
const PROJECT_ID = /^[0-9a-f]{24}$/;
const KEY = /^[0-9a-f]{64}$/;

const count = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

function parseSummary(v: unknown): PeerSummary | undefined {
  if (!v || typeof v !== 'object') {
    return undefined;
  }
  const s = v as Record<string, unknown>;
  if (!count(s.count) || !count(s.transitional) || !count(s.needsAction) || !count(s.failed)) {
    return undefined;
  }
  if (s.worst !== undefined && !CATEGORIES.includes(s.worst as StatusCategory)) {
    return undefined;
  }
  if (s.transitional + s.needsAction + s.failed > s.count) {
    return undefined;
  }
  return {
    count: s.count,
    worst: s.worst as StatusCategory | undefined,
    transitional: s.transitional,
    needsAction: s.needsAction,
    failed: s.failed,
  };
}

function parseProject(v: unknown): SnapshotProject | undefined {
  if (!v || typeof v !== 'object') {
    return undefined;
  }
  const p = v as Record<string, unknown>;
  if (typeof p.id !== 'string' || !PROJECT_ID.test(p.id) || typeof p.name !== 'string') {
    return undefined;
  }
  if (
    p.name.length > MAX_SNAPSHOT_NAME ||
    (p.orgId !== undefined && (typeof p.orgId !== 'string' || !PROJECT_ID.test(p.orgId)))
  ) {
    return undefined;
  }
  const out: SnapshotProject = { id: p.id, name: p.name };
  if (typeof p.orgId === 'string') {
    out.orgId = p.orgId;
  }
  if (p.summary !== undefined) {
    const summary = parseSummary(p.summary);
    if (!summary) {
      return undefined;
    }
    out.summary = summary;
  }
  return out;
}

function isOrg(v: unknown): v is SnapshotOrg {
  const o = v as Record<string, unknown> | null;
  return (
    !!o &&
    typeof o === 'object' &&
    typeof o.id === 'string' &&
    PROJECT_ID.test(o.id) &&
    typeof o.name === 'string' &&
    o.name.length <= MAX_SNAPSHOT_NAME
  );
}

function parseEntry(v: unknown): SnapshotEntry | undefined {
  if (!v || typeof v !== 'object') {
    return undefined;
  }
  const e = v as Record<string, unknown>;
  if (typeof e.key !== 'string' || !KEY.test(e.key) || typeof e.profile !== 'string' || !count(e.savedAt)) {
    return undefined;
  }
  if (!Array.isArray(e.projects) || e.projects.length > MAX_SNAPSHOT_PROJECTS) {
    return undefined;
  }
  const projects: SnapshotProject[] = [];
  for (const raw of e.projects) {
    const p = parseProject(raw);
    if (!p) {
      return undefined; // one bad project: the whole entry is suspect
    }
    projects.push(p);
  }
  const entry: SnapshotEntry = { key: e.key, profile: e.profile, savedAt: e.savedAt, projects };
  if (e.orgs !== undefined) {
    if (!Array.isArray(e.orgs) || e.orgs.length > MAX_SNAPSHOT_ORGS || !e.orgs.every(isOrg)) {
      return undefined;
    }
    entry.orgs = e.orgs.map((o: SnapshotOrg) => ({ id: o.id, name: o.name }));
  }
  return entry;
}

/** The file's entries that parse exactly; an unreadable, oversized or other-version file reads as empty. */
export function parseSnapshotFile(text: string | undefined): SnapshotFile {
  if (!text || text.length > MAX_SNAPSHOT_BYTES) {
    return EMPTY_SNAPSHOT;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return EMPTY_SNAPSHOT;
  }
  const f = json as Record<string, unknown> | null;
  if (!f || f.version !== SNAPSHOT_VERSION || !Array.isArray(f.entries)) {
    return EMPTY_SNAPSHOT;
  }
  const entries: SnapshotEntry[] = [];
  const keys = new Set<string>();
  for (const raw of f.entries.slice(0, MAX_SNAPSHOT_ENTRIES)) {
    const e = parseEntry(raw);
    if (e && !keys.has(e.key)) {
      keys.add(e.key);
      entries.push(e);
    }
  }
  return { version: SNAPSHOT_VERSION, entries };
}

/** An entry's projects as discovery lists them, for the tree's usual merge with the configured ones. */
export function snapshotProjects(entry: SnapshotEntry): Project[] {
  return entry.projects.map((p) => ({
    id: p.id,
    name: p.name,
    orgId: p.orgId ?? null,
    clusterCount: null,
    created: null,
    extra: {},
    raw: null,
  }));
}

export function entryFor(file: SnapshotFile, key: string): SnapshotEntry | undefined {
  return file.entries.find((e) => e.key === key);
}

/** The file with this entry in place of any of the same key, newest first, at most MAX_SNAPSHOT_ENTRIES. */
export function withEntry(file: SnapshotFile, entry: SnapshotEntry): SnapshotFile {
  // Kept so that it reads back: names cut to length, an organization id only when it is one.
  const projects = entry.projects.slice(0, MAX_SNAPSHOT_PROJECTS).map((p) => {
    const kept: SnapshotProject = { id: p.id, name: p.name.slice(0, MAX_SNAPSHOT_NAME) };
    if (p.orgId !== undefined && PROJECT_ID.test(p.orgId)) {
      kept.orgId = p.orgId;
    }
    if (p.summary) {
      kept.summary = { ...p.summary };
    }
    return kept;
  });
  const bounded: SnapshotEntry = { ...entry, projects: projects.filter((p) => PROJECT_ID.test(p.id)) };
  if (entry.orgs) {
    bounded.orgs = entry.orgs
      .filter((o) => PROJECT_ID.test(o.id))
      .slice(0, MAX_SNAPSHOT_ORGS)
      .map((o) => ({ id: o.id, name: o.name.slice(0, MAX_SNAPSHOT_NAME) }));
  }
  const others = file.entries.filter((e) => e.key !== entry.key);
  return { version: SNAPSHOT_VERSION, entries: [bounded, ...others].slice(0, MAX_SNAPSHOT_ENTRIES) };
}

/** The file without a profile's entries (Sign Out), or without every entry. */
export function withoutProfile(file: SnapshotFile, profile?: string): SnapshotFile {
  return {
    version: SNAPSHOT_VERSION,
    entries: profile === undefined ? [] : file.entries.filter((e) => e.profile !== profile),
  };
}

/** The file as written: entries dropped, oldest first, until it fits MAX_SNAPSHOT_BYTES. */
export function serializeSnapshot(file: SnapshotFile): string {
  const entries = [...file.entries].sort((a, b) => b.savedAt - a.savedAt);
  for (;;) {
    const text = JSON.stringify({ version: SNAPSHOT_VERSION, entries });
    if (text.length <= MAX_SNAPSHOT_BYTES || entries.length === 0) {
      return text;
    }
    entries.pop();
  }
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** "as of 14:02" the same day, "as of 2026-12-02 14:02" otherwise (local time). */
export function asOfText(savedAt: number, now: number): string {
  const at = new Date(savedAt);
  const today = new Date(now);
  const time = `${pad(at.getHours())}:${pad(at.getMinutes())}`;
  const sameDay =
    at.getFullYear() === today.getFullYear() && at.getMonth() === today.getMonth() && at.getDate() === today.getDate();
  return sameDay ? `as of ${time}` : `as of ${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())} ${time}`;
}
