import type { WebviewToHost } from '../shared/protocol';

/** What VS Code gives a webview script (only these three are used). */
interface VsCodeApi {
  postMessage(message: WebviewToHost): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/**
 * The page's link to the extension: inside VS Code the API object (kept in module scope, never on
 * `window`, docs/security.md §3.4); in an exported file there is no host, so actions that need one
 * are not offered.
 */
export interface Bridge {
  /** True inside VS Code. */
  readonly hosted: boolean;
  post(message: WebviewToHost): void;
  getState(): unknown;
  setState(state: unknown): void;
}

export function connectBridge(): Bridge {
  if (typeof acquireVsCodeApi !== 'function') {
    return { hosted: false, post: () => undefined, getState: () => undefined, setState: () => undefined };
  }
  const api = acquireVsCodeApi();
  return {
    hosted: true,
    post: (m) => api.postMessage(m),
    getState: () => api.getState(),
    setState: (s) => api.setState(s),
  };
}
