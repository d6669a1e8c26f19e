// @ts-check
// Webview side of the peering details panel. It only turns clicks on the page's own buttons into
// typed messages (see src/details/messages.ts); the extension host validates them and resolves every
// value from its model, so nothing here reads data from the page to send or copy.
(function () {
  /** @typedef {{ profile: string; groupId: string; peerId: string }} PeerRef */
  /** @typedef {{ rawOpen?: boolean; scrollY?: number; focusId?: string | null; ref?: PeerRef }} State */
  /** @type {WebviewApi<State>} */
  const vscode = acquireVsCodeApi();

  const SIMPLE = ['refresh', 'toggleWatch', 'openInAtlas'];
  const ERROR_ACTIONS = ['setCredentials', 'retry', 'openSettings', 'checkAccessList', 'checkRole', 'refresh'];
  const FIELD = /^(?:(?:peer|container|project|nextStep)\.[A-Za-z]+|rawJson)$/;

  /** @param {Partial<State>} patch */
  function saveState(patch) {
    vscode.setState(Object.assign({}, vscode.getState() || {}, patch));
  }

  /** @param {Element} button */
  function messageFor(button) {
    const action = button.getAttribute('data-action');
    if (action === 'copy') {
      const field = button.getAttribute('data-field');
      return field && FIELD.test(field) ? { type: 'copy', field } : undefined;
    }
    if (action === 'action') {
      const errorAction = button.getAttribute('data-error-action');
      return errorAction && ERROR_ACTIONS.includes(errorAction) ? { type: 'action', action: errorAction } : undefined;
    }
    return action && SIMPLE.includes(action) ? { type: action } : undefined;
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

  /** @param {number} fromMs */
  function relative(fromMs) {
    const seconds = Math.round((Date.now() - fromMs) / 1000);
    if (seconds < 5) {
      return seconds < -5 ? 'in the future' : 'just now';
    }
    if (seconds < 60) {
      return `${seconds} s ago`;
    }
    const minutes = Math.floor(seconds / 60);
    if (minutes < 60) {
      return `${minutes} min ago`;
    }
    const hours = Math.floor(minutes / 60);
    if (hours < 24) {
      return `${hours} h ago`;
    }
    const days = Math.floor(hours / 24);
    return days === 1 ? '1 day ago' : `${days} days ago`;
  }

  function updateRelativeTimes() {
    for (const time of document.querySelectorAll('time[data-fetched-at]')) {
      const at = Number(time.getAttribute('data-fetched-at'));
      const span = time.querySelector('.relative');
      if (span && Number.isFinite(at)) {
        span.textContent = `(${relative(at)})`;
      }
    }
  }

  /** @type {Map<Element, number>} */
  const copiedTimers = new Map();

  /** @param {string} field */
  function showCopied(field) {
    const live = document.getElementById('live');
    for (const button of document.querySelectorAll('button[data-action="copy"]')) {
      if (button.getAttribute('data-field') !== field) {
        continue;
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
    }
    if (live) {
      live.textContent = 'Copied to the clipboard';
    }
  }

  window.addEventListener('message', (event) => {
    const message = event.data;
    if (message && message.type === 'copied' && typeof message.field === 'string') {
      showCopied(message.field);
    }
    // The host names the connection so that VS Code can hand it back after a window reload.
    if (message && message.type === 'restoreRef' && message.ref && typeof message.ref === 'object') {
      const { profile, groupId, peerId } = message.ref;
      if (typeof profile === 'string' && typeof groupId === 'string' && typeof peerId === 'string') {
        saveState({ ref: { profile, groupId, peerId } });
      }
    }
  });

  function restore() {
    const state = vscode.getState() || {};
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
})();
