// The page script of the details webview, bundled by esbuild.js into dist/details.js (a browser
// IIFE). It only turns clicks on the page's own buttons into typed messages (pure/messages.ts); the
// extension host validates them and resolves every value from its model, so nothing here reads
// data from the page to send or copy. Runs in the webview: no `vscode` import, only the DOM.

import { formatAge } from '../../util/age';
import {
  isCopyField,
  isDetailsErrorAction,
  isIacFormat,
  isPlanCopyKey,
  type DetailsHostMessage,
  type DetailsMessage,
  type DetailsPageState,
} from '../pure/messages';

interface WebviewApi<State> {
  postMessage(message: DetailsMessage): void;
  getState(): State | undefined;
  setState(state: State): State;
}
declare function acquireVsCodeApi<State>(): WebviewApi<State>;

const vscode = acquireVsCodeApi<DetailsPageState>();

const SIMPLE = ['refresh', 'toggleWatch', 'openInAtlas'] as const;
type SimpleMessage = Extract<DetailsMessage, { type: (typeof SIMPLE)[number] }>;

function saveState(patch: Partial<DetailsPageState>): void {
  vscode.setState({ ...(vscode.getState() ?? {}), ...patch });
}

function messageFor(button: Element): DetailsMessage | undefined {
  const action = button.getAttribute('data-action');
  if (action === 'copy') {
    const field = button.getAttribute('data-field');
    return isCopyField(field) ? { type: 'copy', field } : undefined;
  }
  if (action === 'copyPlan') {
    const key = button.getAttribute('data-key');
    return isPlanCopyKey(key) ? { type: 'copyPlan', key } : undefined;
  }
  if (action === 'generate') {
    const format = button.getAttribute('data-format');
    return isIacFormat(format) ? { type: 'generate', format } : undefined;
  }
  if (action === 'action') {
    const errorAction = button.getAttribute('data-error-action');
    return isDetailsErrorAction(errorAction) ? { type: 'action', action: errorAction } : undefined;
  }
  return (SIMPLE as readonly (string | null)[]).includes(action) ? ({ type: action } as SimpleMessage) : undefined;
}

document.addEventListener('click', (event) => {
  const button = event.target instanceof Element ? event.target.closest('button[data-action]') : null;
  if (!button || button.hasAttribute('disabled')) {
    return;
  }
  const message = messageFor(button);
  if (!message) {
    return;
  }
  // Refresh, watch and error actions make the host replace the page; come back to the same button.
  saveState({ focusId: button.id || null, scrollY: window.scrollY });
  vscode.postMessage(message);
});

function updateRelativeTimes(): void {
  document.querySelectorAll('time[data-fetched-at]').forEach((time) => {
    const at = Number(time.getAttribute('data-fetched-at'));
    const span = time.querySelector('.relative');
    if (span && Number.isFinite(at)) {
      span.textContent = `(${formatAge(at, Date.now())})`;
    }
  });
}

const copiedTimers = new Map<Element, number>();

function showCopied(attr: 'data-field' | 'data-key', value: string): void {
  const live = document.getElementById('live');
  document.querySelectorAll('button.copy').forEach((button) => {
    if (button.getAttribute(attr) !== value) {
      return;
    }
    const previous = copiedTimers.get(button);
    if (previous !== undefined) {
      clearTimeout(previous);
    }
    button.textContent = 'Copied';
    button.classList.add('copy--done');
    copiedTimers.set(
      button,
      window.setTimeout(() => {
        button.textContent = 'Copy';
        button.classList.remove('copy--done');
        copiedTimers.delete(button);
      }, 1500),
    );
  });
  if (live) {
    live.textContent = 'Copied to the clipboard';
  }
}

window.addEventListener('message', (event: MessageEvent<DetailsHostMessage | undefined>) => {
  // Typed for what the host sends; still checked, since anything in the page could post a message.
  const message = event.data;
  if (message?.type === 'copied' && isCopyField(message.field)) {
    showCopied('data-field', message.field);
  }
  if (message?.type === 'copiedPlan' && isPlanCopyKey(message.key)) {
    showCopied('data-key', message.key);
  }
  if (message?.type === 'restoreRef' && message.ref && typeof message.ref === 'object') {
    const { profile, groupId, peerId } = message.ref;
    if (typeof profile === 'string' && typeof groupId === 'string' && typeof peerId === 'string') {
      saveState({ ref: { profile, groupId, peerId } });
    }
  }
});

function restore(): void {
  const state = vscode.getState() ?? {};
  const raw = document.getElementById('raw-json');
  if (raw instanceof HTMLDetailsElement) {
    raw.open = state.rawOpen === true;
    raw.addEventListener('toggle', () => saveState({ rawOpen: raw.open }));
  }
  if (typeof state.scrollY === 'number') {
    window.scrollTo(0, state.scrollY);
  }
  if (state.focusId) {
    const target = document.getElementById(state.focusId);
    if (target instanceof HTMLElement) {
      target.focus({ preventScroll: true });
    }
  }
}

let scrollTimer = 0;
window.addEventListener('scroll', () => {
  clearTimeout(scrollTimer);
  scrollTimer = window.setTimeout(() => saveState({ scrollY: window.scrollY }), 200);
});

restore();
updateRelativeTimes();
window.setInterval(updateRelativeTimes, 15000);
vscode.postMessage({ type: 'ready' });
