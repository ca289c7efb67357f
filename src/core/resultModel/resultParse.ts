import { ok, parseError, type Result } from '../result';
import { checkBeancounters, checkBufferRisk, checkDiagnosis } from './resultChecksAnalysis';
import { checkBurst, checkPing, checkSchedule } from './resultChecksProbes';
import { bool, count, expect, numberRecord, object, optional, record, SchemaError, str } from './resultCheck';
import { checkVantage } from './resultVantage';
import { RESULT_SCHEMA, RESULT_VERSION, type DiagnosisReport, type ServerInfo } from './resultSchema';

const checkServer = object<ServerInfo>(
  {
    virtualization: optional(str),
    osRelease: optional(str),
    sshVersion: optional(str),
    deltas: numberRecord,
    idleDeltas: optional(numberRecord),
  },
  ['virtualization', 'osRelease', 'sshVersion', 'idleDeltas'],
);

const checkBody = object<Omit<DiagnosisReport, 'schema' | 'version'>>(
  {
    createdAt: str,
    tool: object({ name: str, version: str }),
    demo: bool,
    target: object({ label: str, host: str, port: count }),
    client: object(
      { platform: str, release: str, node: str, synSchedule: checkSchedule, vantage: optional(checkVantage) },
      ['vantage'],
    ),
    server: checkServer,
    diagnosis: checkDiagnosis,
    burst: checkBurst,
    ping: optional(checkPing),
    beancounters: optional(checkBeancounters),
    bufferRisk: optional(checkBufferRisk),
  },
  ['ping', 'beancounters', 'bufferRisk'],
);

/**
 * Reads RESULT.json text into a report. Total: any text gives either the report or a `ParseError` whose
 * message starts with the JSON path of the first bad field (`burst.attemptLog[3].connectMs: expected ...`);
 * `line` is the line of a JSON syntax error, otherwise 0. A newer `version` than {@link RESULT_VERSION} is
 * refused with a message saying so, never half-read.
 */
export function parseResultJson(text: string, source = 'RESULT.json'): Result<DiagnosisReport> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const position = /position (\d+)/.exec((err as Error).message);
    const line = position ? text.slice(0, Number(position[1])).split('\n').length : 0;
    return parseError(source, line, `not JSON: ${(err as Error).message}`);
  }
  try {
    return ok(checkReport(value));
  } catch (err) {
    if (err instanceof SchemaError) return parseError(source, 0, `${err.path}: ${err.why}`);
    // Only a bug in the checks lands here; still report it as a parse error rather than throw.
    return parseError(source, 0, `unreadable: ${(err as Error).message}`);
  }
}

function checkReport(value: unknown): DiagnosisReport {
  const top = record(value, '(top level)');
  expect(
    top.schema === RESULT_SCHEMA,
    'schema',
    `expected "${RESULT_SCHEMA}", got ${JSON.stringify(top.schema) ?? 'nothing'}: not a VPS Doctor result`,
  );
  const version = count(top.version, 'version');
  expect(
    version <= RESULT_VERSION,
    'version',
    `version ${version} is newer than this VPS Doctor reads (${RESULT_VERSION}); update VPS Doctor`,
  );
  expect(
    version === RESULT_VERSION,
    'version',
    `version ${version} is not a RESULT.json version (the first was ${RESULT_VERSION})`,
  );
  const body = checkBody(top, '');
  const d = body.diagnosis;
  // The copies at the top level exist for scripts; they must agree with the diagnosis they repeat.
  expect(
    top.verdict === d.verdict,
    'verdict',
    `expected "${d.verdict}" (diagnosis.verdict), got ${JSON.stringify(top.verdict) ?? 'nothing'}`,
  );
  expect(
    top.confidence === d.confidence,
    'confidence',
    `expected "${d.confidence}" (diagnosis.confidence), got ${JSON.stringify(top.confidence) ?? 'nothing'}`,
  );
  expect(top.summary === d.summary, 'summary', 'differs from diagnosis.summary');
  return { schema: RESULT_SCHEMA, version: RESULT_VERSION, ...body };
}
