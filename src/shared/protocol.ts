/**
 * The one typed protocol between the extension host and its webviews: discriminated unions keyed on
 * `type`. The webview posts `ready` first; the host posts nothing before it. Every incoming message is
 * validated with the guards below before use (never trust the other side's shape).
 */

/** A line of the verdict summary shown at the top of a report. */
export interface SummaryLine {
  severity: 'ok' | 'warn' | 'critical';
  text: string;
}

export type HostToWebview = { type: 'summary'; title: string; lines: SummaryLine[] };

export type WebviewToHost = { type: 'ready' } | { type: 'copyText'; text: string };

const SEVERITIES = new Set(['ok', 'warn', 'critical']);
const MAX_TEXT = 100_000;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isText(v: unknown): v is string {
  return typeof v === 'string' && v.length <= MAX_TEXT;
}

/** Validates a message from a webview; anything else (unknown type, wrong fields, extra size) is rejected. */
export function parseWebviewMessage(v: unknown): WebviewToHost | undefined {
  if (!isRecord(v)) return undefined;
  switch (v.type) {
    case 'ready':
      return Object.keys(v).length === 1 ? { type: 'ready' } : undefined;
    case 'copyText':
      return isText(v.text) && Object.keys(v).length === 2 ? { type: 'copyText', text: v.text } : undefined;
    default:
      return undefined;
  }
}

/** Validates a message from the host (the webview checks too: defence in depth). */
export function parseHostMessage(v: unknown): HostToWebview | undefined {
  if (!isRecord(v) || v.type !== 'summary' || !isText(v.title) || !Array.isArray(v.lines)) return undefined;
  const lines: SummaryLine[] = [];
  for (const l of v.lines) {
    if (!isRecord(l) || !isText(l.text) || typeof l.severity !== 'string' || !SEVERITIES.has(l.severity)) return undefined;
    lines.push({ severity: l.severity as SummaryLine['severity'], text: l.text });
  }
  return { type: 'summary', title: v.title, lines };
}
