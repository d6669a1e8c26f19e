// The part of the VS Code webview API that media/*.js uses (instead of depending on @types/vscode-webview).
interface WebviewApi<State> {
  postMessage(message: unknown): void;
  getState(): State | undefined;
  setState(state: State): State;
}
declare function acquireVsCodeApi<State = unknown>(): WebviewApi<State>;
