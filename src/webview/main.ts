import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-collapsible/index.js';
import { DATA_ELEMENT_ID, parseHostMessage, type HostToWebview } from '../shared/protocol';
import { isLatestView, isReportView } from '../shared/reportViewCheck';
import { connectBridge } from './bridge';
import { Charts } from './chartFrame';
import { h } from './dom';
import { loadPageL10n, t } from './l10n';
import { LivePage } from './livePage';
import { notice, renderReport } from './reportPage';
import { drawStrip, renderSidebar } from './sidebar';
import { applyStandaloneTheme, watchTheme } from './theme';
import { renderTimeline } from './timelinePage';

/**
 * Webview entry for the report panel, the "Latest Result" sidebar and the exported HTML file. Inside
 * VS Code it restores its saved state, announces `ready`, then renders validated host messages; in an
 * exported file it renders the JSON embedded in the page. Data is rendered with textContent, never as HTML.
 */
loadPageL10n();
const bridge = connectBridge();
const root = document.getElementById('root') ?? document.body;
const sidebar = root.dataset.view === 'sidebar';
const charts = new Charts();
const live = new LivePage(root, charts);
let lastLatest: unknown = null;

function handle(msg: HostToWebview): void {
  switch (msg.type) {
    case 'report':
      renderReport(root, msg.view, charts, bridge);
      // The panel's serializer restores it after a reload from this state.
      if (msg.hostId !== undefined) bridge.setState({ hostId: msg.hostId, view: msg.view });
      return;
    case 'progress':
      live.apply(msg);
      return;
    case 'latest':
      lastLatest = msg.latest;
      renderSidebar(root, msg.latest, bridge);
      return;
    case 'notice':
      notice(msg.text);
      return;
    case 'timeline':
      renderTimeline(root, msg.view, charts);
      return;
    case 'summary':
      root.replaceChildren(
        h('h2', {}, msg.title),
        h('ul', {}, ...msg.lines.map((l) => h('li', { class: `severity-${l.severity}` }, l.text))),
      );
  }
}

function retheme(): void {
  charts.retheme();
  const strip = root.querySelector('canvas.strip');
  if (strip instanceof HTMLCanvasElement && isLatestView(lastLatest)) drawStrip(strip, lastLatest.strip);
}

const embedded = document.getElementById(DATA_ELEMENT_ID);
if (!bridge.hosted) {
  applyStandaloneTheme(retheme);
  const msg = embedded ? parseHostMessage(safeJson(embedded.textContent ?? '')) : undefined;
  if (msg) handle(msg);
  else root.replaceChildren(h('p', {}, t('This report file holds no readable data.')));
} else {
  watchTheme(retheme);
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    const msg = parseHostMessage(event.data);
    if (msg) handle(msg);
  });
  // A restored panel shows its last report at once; the host may send a fresher one after `ready`.
  const state = bridge.getState() as { hostId?: unknown; view?: unknown } | undefined;
  if (!sidebar && state && isReportView(state.view) && typeof state.hostId === 'string')
    handle({ type: 'report', hostId: state.hostId, view: state.view });
  bridge.post({ type: 'ready' });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
