import { parseHostMessage, type WebviewToHost } from '../shared/protocol';

declare function acquireVsCodeApi(): { postMessage(message: WebviewToHost): void };

/**
 * Webview entry: announces `ready`, then renders validated host messages. Data is always rendered with
 * textContent, never as HTML.
 */
const vscode = acquireVsCodeApi();
const root = document.getElementById('root') ?? document.body;

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const msg = parseHostMessage(event.data);
  if (!msg) return;
  const title = document.createElement('h2');
  title.textContent = msg.title;
  const list = document.createElement('ul');
  for (const line of msg.lines) {
    const item = document.createElement('li');
    item.className = `severity-${line.severity}`;
    item.textContent = line.text;
    list.append(item);
  }
  root.replaceChildren(title, list);
});

vscode.postMessage({ type: 'ready' });
