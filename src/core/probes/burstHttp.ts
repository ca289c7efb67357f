import { ok, parseError, type Result } from '../result';

/**
 * The little HTTP/1.1 the burst probe speaks, written by hand on the socket so no Agent pools or reuses
 * connections behind our back: a minimal GET, its status line, and (for the keep-alive control) where
 * one response ends so the next request can follow on the same connection.
 */

const SOURCE = 'HTTP response';
/**
 * The rule for a probe's HTTP path (`--http PATH`, the `PORT/PATH` of the probe target box): a `/` and then
 * printable ASCII without spaces, so it is one request-line token.
 */
export const HTTP_PATH = /^\/[\x21-\x7e]*$/;

/** A response head larger than this is not what a health check returns; stop reading. */
export const MAX_HEAD_BYTES = 64 * 1024;

/**
 * A minimal GET request. `path` must start with `/` and `host` is sent as given (an IP literal or a name);
 * both are stripped of control characters so nothing can be injected into the request.
 */
export function httpGet(host: string, path: string, keepAlive: boolean): string {
  const clean = (s: string): string => s.replace(/[\x00-\x20\x7f]/g, '');
  const target = clean(path).startsWith('/') ? clean(path) : `/${clean(path)}`;
  const hostHeader = host.includes(':') && !host.startsWith('[') ? `[${clean(host)}]` : clean(host);
  return (
    `GET ${target} HTTP/1.1\r\nHost: ${hostHeader}\r\nUser-Agent: vps-doctor\r\nAccept: */*\r\n` +
    `Connection: ${keepAlive ? 'keep-alive' : 'close'}\r\n\r\n`
  );
}

/** Parses `HTTP/1.1 200 OK` into its status code (line is the response's first line, without CRLF). */
export function parseStatusLine(line: string): Result<number> {
  const m = /^HTTP\/\d\.\d (\d{3})(?: .*)?$/.exec(line);
  if (!m) return parseError(SOURCE, 1, `not an HTTP status line: "${line.slice(0, 80)}"`);
  return ok(Number(m[1]));
}

/** One complete response at the front of a buffer. */
export interface ResponseFrame {
  status: number;
  /** Bytes from the start of the buffer to the end of this response (head and body). */
  length: number;
  /** The server said `Connection: close` (or spoke HTTP/1.0 without keep-alive): no request may follow. */
  close: boolean;
  /** A 1xx interim response: the real one follows. */
  interim: boolean;
}

/**
 * Where the first response in `buf` ends. `ok(null)` means more bytes are needed. A response without a
 * length (the server ends it by closing) is an error here, since it cannot be kept alive. The response to
 * a GET is assumed; HEAD is never sent.
 */
export function frameResponse(buf: Buffer): Result<ResponseFrame | null> {
  const headEnd = buf.indexOf('\r\n\r\n');
  if (headEnd < 0)
    return buf.length > MAX_HEAD_BYTES
      ? parseError(SOURCE, 0, `no end of headers in ${MAX_HEAD_BYTES} bytes`)
      : ok(null);
  const lines = buf.subarray(0, headEnd).toString('latin1').split('\r\n');
  const status = parseStatusLine(lines[0]);
  if (!status.ok) return status;
  const headers = new Map<string, string>();
  for (let i = 1; i < lines.length; i++) {
    const colon = lines[i].indexOf(':');
    if (colon <= 0) return parseError(SOURCE, i + 1, `not a header line: "${lines[i].slice(0, 80)}"`);
    const name = lines[i].slice(0, colon).trim().toLowerCase();
    const value = lines[i].slice(colon + 1).trim();
    headers.set(name, headers.has(name) ? `${headers.get(name)}, ${value}` : value);
  }
  const code = status.value;
  const bodyStart = headEnd + 4;
  const connection = (headers.get('connection') ?? '').toLowerCase();
  const close = connection.includes('close') || (lines[0].startsWith('HTTP/1.0') && !connection.includes('keep-alive'));
  const frame = (length: number): Result<ResponseFrame> =>
    ok({ status: code, length, close, interim: code >= 100 && code < 200 });
  // RFC 9112 §6.3: 1xx, 204 and 304 responses have no body whatever the headers say.
  if ((code >= 100 && code < 200) || code === 204 || code === 304) return frame(bodyStart);
  if (/\bchunked\b/i.test(headers.get('transfer-encoding') ?? '')) {
    const end = chunkedEnd(buf, bodyStart);
    if (!end.ok) return end;
    return end.value === null ? ok(null) : frame(end.value);
  }
  const lengthText = headers.get('content-length');
  if (lengthText === undefined)
    return parseError(
      SOURCE,
      0,
      'the response has no Content-Length and is not chunked, so it ends only when the server closes',
    );
  if (!/^\d{1,15}$/.test(lengthText))
    return parseError(SOURCE, 0, `invalid Content-Length "${lengthText.slice(0, 40)}"`);
  const total = bodyStart + Number(lengthText);
  return total <= buf.length ? frame(total) : ok(null);
}

/** End offset of a chunked body starting at `start`, null when incomplete. */
function chunkedEnd(buf: Buffer, start: number): Result<number | null> {
  let at = start;
  for (;;) {
    const lineEnd = buf.indexOf('\r\n', at);
    if (lineEnd < 0) return ok(null);
    const sizeText = buf.subarray(at, lineEnd).toString('latin1').split(';')[0].trim();
    if (!/^[0-9a-fA-F]{1,12}$/.test(sizeText))
      return parseError(SOURCE, 0, `invalid chunk size "${sizeText.slice(0, 40)}"`);
    const size = parseInt(sizeText, 16);
    if (size === 0) {
      // Trailer fields, then an empty line.
      let t = lineEnd + 2;
      for (;;) {
        const end = buf.indexOf('\r\n', t);
        if (end < 0) return ok(null);
        if (end === t) return ok(end + 2);
        t = end + 2;
      }
    }
    const next = lineEnd + 2 + size + 2;
    if (next > buf.length) return ok(null);
    at = next;
  }
}
