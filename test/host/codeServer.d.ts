// Types of codeServer.js (plain JS so the harness runs before tsc), for the TypeScript UI tests.

export const ROOT: string;
export const CODE_SERVER_VERSION: string;
export const CHROMIUM: string;
export const DEFAULT_FOLDER: string;

export interface CodeServerOptions {
  work?: string;
  port?: number;
  folder?: string;
  env?: Record<string, string>;
  settings?: Record<string, unknown>;
  installExtensions?: string[];
  healthTimeoutMs?: number;
  /** false: workspace trust on and the folder untrusted (Restricted Mode). */
  trustWorkspace?: false;
}

export interface CodeServer {
  url: string;
  port: number;
  work: string;
  home: string;
  tmp: string;
  folder: string;
  userDataDir: string;
  extensionsDir: string;
  logFile: string;
  pid: number;
  exited: Promise<{ code: number | null; signal: string | null }>;
  stop(): Promise<void>;
}

export function cacheDir(): string;
export function codeServerBin(): string;
export function freePort(preferred?: number): Promise<number>;
export function copyDir(from: string, to: string): void;
export function isolatedEnv(home: string, tmp: string, extraEnv?: Record<string, string>): NodeJS.ProcessEnv;
export function startCodeServer(options?: CodeServerOptions): Promise<CodeServer>;
export function workbenchUrl(server: CodeServer, options?: { folder?: string; ext?: string; tests?: string }): string;
export function chromiumLaunchOptions(home: string): {
  executablePath: string;
  headless: boolean;
  env: Record<string, string | undefined>;
  args: string[];
};
export function tail(file: string, lines?: number): string;
