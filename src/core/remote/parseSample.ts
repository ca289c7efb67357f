import type { Result } from '../result';
import { CGROUP_FILES, SAMPLE, SAMPLE_FILES, type CgroupFile, type SampleFile } from './catalog';
import { readFrame, type Frame } from './frame';
import { readGrepSection, type RawFile } from './grepSection';
import type { SampleError } from './sampleError';

export type { RawFile } from './grepSection';

/** The outcome of `sudo -n cat /proc/user_beancounters`. */
export interface SudoAttempt {
  /** sudo's exit status (127: sudo not installed); null when the script reported none. */
  exitCode: number | null;
  stdout: string;
  stderr: string;
  /** False when stdout or stderr held invalid UTF-8; then neither is trusted. */
  validUtf8: boolean;
}

/** Present when /proc/user_beancounters exists but could not be opened (docs/method.md §1.8). */
export interface RawBeancounterAccess {
  /** `id -un` on the server; server text, validate before use. */
  user: string | null;
  /** `command -v cat` on the server; server text, validate before use. */
  catPath: string | null;
  /** The absolute path the script handed to sudo (differs from /proc/user_beancounters only under a fake root). */
  path: string | null;
  /** null when the sudo fallback was turned off for this sample. */
  sudo: SudoAttempt | null;
}

export interface RawSample {
  /** Absolute path on the host (relative to its file root) -> what reading it gave. */
  files: ReadonlyMap<string, RawFile>;
  /** The shell's cgroup v2 path (the `0::` line of /proc/self/cgroup), or null without cgroup v2. */
  cgroupPath: string | null;
  ubcAccess: RawBeancounterAccess | null;
}

/** `/proc/uptime` for `proc/uptime`. */
export const sampleFilePath = (file: SampleFile): string => `/${file}`;

/** Where a cgroup file lives for a given cgroup path (`/` = the namespace root). */
export function cgroupFilePath(cgroupPath: string, file: CgroupFile): string {
  const dir = cgroupPath.endsWith('/') ? cgroupPath : `${cgroupPath}/`;
  return `/sys/fs/cgroup${dir}${file}`;
}

/** Parses the stdout of the `sample` catalog command run with `nonce`. Total: never throws. */
export function parseSample(stdout: Buffer, nonce: string): Result<RawSample, SampleError> {
  const frame = readFrame(stdout, nonce, SAMPLE.id);
  if (!frame.ok) return frame;
  const f = frame.value;
  const proc = readGrepSection(f.sections.get('proc'), SAMPLE_FILES);
  if (!proc.ok) return proc;
  const files = new Map<string, RawFile>();
  for (const name of SAMPLE_FILES) files.set(sampleFilePath(name), proc.value.get(name)!);

  const cgroupPath = firstFact(f, 'cgroup');
  if (cgroupPath !== null) {
    const cgroup = readGrepSection(f.sections.get('cgroup'), CGROUP_FILES);
    if (!cgroup.ok) return cgroup;
    const dirMissing = f.sections.get('cgroup') === undefined;
    for (const name of CGROUP_FILES) {
      files.set(cgroupFilePath(cgroupPath, name), dirMissing ? { state: 'missing' } : cgroup.value.get(name)!);
    }
  }
  return { ok: true, value: { files, cgroupPath, ubcAccess: readUbcAccess(f) } };
}

function firstFact(f: Frame, key: string): string | null {
  const values = f.facts.get(key);
  return values === undefined || values.length === 0 ? null : values[0]!;
}

function readUbcAccess(f: Frame): RawBeancounterAccess | null {
  if (!f.facts.has('user') && !f.facts.has('cat')) return null;
  const out = f.texts.get('sudo');
  const err = f.texts.get('sudoerr');
  const sudo: SudoAttempt | null =
    out === undefined
      ? null
      : {
          exitCode: out.rc,
          stdout: out.text,
          stderr: err?.text ?? '',
          validUtf8: out.validUtf8 && (err?.validUtf8 ?? true),
        };
  return {
    user: nonEmpty(firstFact(f, 'user')),
    catPath: nonEmpty(firstFact(f, 'cat')),
    path: nonEmpty(firstFact(f, 'ubcpath')),
    sudo,
  };
}

const nonEmpty = (s: string | null): string | null => (s === null || s === '' ? null : s);
