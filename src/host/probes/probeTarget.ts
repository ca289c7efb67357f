import { HTTP_PATH } from '../../core/probes/burstHttp';
import { ok, parseError, type Result } from '../../core/result';
import { english, type Localizer } from '../../shared/l10n/localizer';

/** What the probes of one host aim at: a TCP port, and in HTTP mode the path each connection GETs. */
export interface ProbeTarget {
  /** TCP port, 1..65535. */
  port: number;
  /** `/...`: one `GET httpPath` per connection (the keep-alive control sends them over one). Absent: TCP connects only. */
  httpPath?: string;
}

const SOURCE = 'port';
const PORT = /^[0-9]{1,5}$/;

/**
 * Reads the probe target as typed in the input box: `PORT` (TCP connects) or `PORT/PATH` (one HTTP GET of
 * `/PATH` per connection), e.g. `80`, `443`, `8080/test.txt`. Total: anything else is an error saying why, in
 * `l`'s language (the input box shows it as the user types).
 */
export function parseProbeTarget(text: string, l: Localizer = english): Result<ProbeTarget> {
  const t = text.trim();
  if (t === '') return parseError(SOURCE, 0, l.t('type a port, e.g. 80, or a port and a path, e.g. 80/test.txt'));
  const slash = t.indexOf('/');
  const portText = slash < 0 ? t : t.slice(0, slash);
  if (!PORT.test(portText))
    return parseError(SOURCE, 0, l.t('"{0}" is not a port number (1-65535)', portText.slice(0, 20)));
  const port = Number(portText);
  if (port < 1 || port > 65535) return parseError(SOURCE, 0, l.t('port {0} is outside 1-65535', port));
  if (slash < 0) return ok({ port });
  const httpPath = t.slice(slash);
  if (!HTTP_PATH.test(httpPath))
    return parseError(SOURCE, 0, l.t('the path may not contain spaces or control characters'));
  if (httpPath.length > 2048) return parseError(SOURCE, 0, l.t('the path is longer than {0} characters', 2048));
  return ok({ port, httpPath });
}

/** The input box text of a target: `parseProbeTarget(formatProbeTarget(t))` gives `t` back. */
export function formatProbeTarget(t: ProbeTarget): string {
  return t.httpPath === undefined ? String(t.port) : `${t.port}${t.httpPath}`;
}

/** A remembered target read back from storage, checked rather than trusted; undefined when it is not one. */
export function storedProbeTarget(value: unknown): ProbeTarget | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as { port?: unknown; httpPath?: unknown };
  if (typeof v.port !== 'number') return undefined;
  if (v.httpPath !== undefined && typeof v.httpPath !== 'string') return undefined;
  const parsed = parseProbeTarget(
    formatProbeTarget({ port: v.port, ...(v.httpPath !== undefined ? { httpPath: v.httpPath } : {}) }),
  );
  return parsed.ok && parsed.value.port === v.port ? parsed.value : undefined;
}
