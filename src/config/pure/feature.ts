// The one shape every feature hands back to the composition root (src/composition.ts): what to
// dispose on deactivation, and its command handlers keyed by command id. The root registers every
// handler in one loop with one error wrapper (src/extension.ts), so no feature registers a command
// itself and every command fails the same way. Pure: imports no feature and no `vscode`.

import type { CommandId } from './commands';

export interface Disposable {
  dispose(): unknown;
}

export type CommandHandler = (...args: unknown[]) => unknown;

/** A feature's commands; the manifest test checks that every contributed command has exactly one. */
export type CommandHandlers = Partial<Record<CommandId, CommandHandler>>;

export interface Feature {
  readonly disposables: readonly Disposable[];
  readonly commands: CommandHandlers;
}
