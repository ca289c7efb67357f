import type { Result } from '../result';
import { EXISTENCE_PROBES, FACT_FILES, HOST_FACTS, TOOL_PROBES, type ExistenceProbe, type FactFile } from './catalog';
import { readFrame, type Frame } from './frame';
import { readGrepSection, type RawFile } from './grepSection';
import type { SampleError } from './sampleError';

/** What `hostFacts` learns once per connection. Strings are server text: show them escaped. */
export interface HostFacts {
  /** /proc/sys/kernel/osrelease, i.e. `uname -r`; null when unreadable. */
  osRelease: string | null;
  /** `uname -m`, e.g. `x86_64`; null when it printed nothing. */
  machine: string | null;
  /** The `envID:` value of /proc/self/status: present only on OpenVZ kernels (`0` on the node). */
  envId: string | null;
  /** Which evidence paths exist (docs/method.md §5.2), relative to the file root. */
  exists: Readonly<Record<ExistenceProbe, boolean>>;
  /** Content of /run/systemd/container, e.g. `lxc`, `docker`. */
  systemdContainer: string | null;
  /** /proc/1/cgroup, or /proc/self/cgroup when PID 1's is unreadable. */
  cgroupText: string | null;
  /** /sys/class/dmi/id/sys_vendor and product_name (world-readable). */
  dmi: { sysVendor: string | null; productName: string | null };
  /** /sys/hypervisor/type (Xen guests). */
  hypervisorType: string | null;
  /** The `hypervisor` CPU flag; null when /proc/cpuinfo was unreadable. */
  hypervisorFlag: boolean | null;
  /** `$container` in the login shell's environment (set by some container managers). */
  containerEnv: string | null;
  /** Output of `systemd-detect-virt` (`none`, `kvm`, `openvz`...); null when absent or under a fake root. */
  systemdDetectVirt: string | null;
  tools: {
    timeout: boolean;
    /** `timeout -s KILL 5 true` succeeded: `renderCommandLine` may add its watchdog. */
    timeoutKill: boolean;
    sudo: boolean;
    ss: boolean;
  };
}

/** Longest server string kept; real values are far shorter. */
const MAX_TEXT = 4096;

/** Parses the stdout of the `hostFacts` catalog command run with `nonce`. Total: never throws. */
export function parseHostFacts(stdout: Buffer, nonce: string): Result<HostFacts, SampleError> {
  const frame = readFrame(stdout, nonce, HOST_FACTS.id);
  if (!frame.ok) return frame;
  const f = frame.value;
  const files = readGrepSection(f.sections.get('files'), FACT_FILES);
  if (!files.ok) return files;
  const status = readGrepSection(f.sections.get('status'), ['proc/self/status']);
  if (!status.ok) return status;
  const text = (name: FactFile): string | null => okText(files.value.get(name));

  const existing = new Set(f.facts.get('exists') ?? []);
  const exists = Object.fromEntries(EXISTENCE_PROBES.map((p) => [p, existing.has(p)])) as Record<
    ExistenceProbe,
    boolean
  >;
  const tools = new Set((f.facts.get('tool') ?? []).filter((t) => (TOOL_PROBES as readonly string[]).includes(t)));
  const flag = fact(f, 'hypervisor');
  const envLine = okText(status.value.get('proc/self/status'));

  return {
    ok: true,
    value: {
      osRelease: text('proc/sys/kernel/osrelease'),
      machine: fact(f, 'machine'),
      envId: envLine === null ? null : clean(envLine.replace(/^envID:/, '')),
      exists,
      systemdContainer: text('run/systemd/container'),
      cgroupText: text('proc/1/cgroup') ?? text('proc/self/cgroup'),
      dmi: { sysVendor: text('sys/class/dmi/id/sys_vendor'), productName: text('sys/class/dmi/id/product_name') },
      hypervisorType: text('sys/hypervisor/type'),
      hypervisorFlag: flag === 'yes' ? true : flag === 'no' ? false : null,
      containerEnv: fact(f, 'containerenv'),
      systemdDetectVirt: fact(f, 'detectvirt'),
      tools: {
        timeout: tools.has('timeout'),
        timeoutKill: fact(f, 'timeoutkill') === 'yes',
        sudo: tools.has('sudo'),
        ss: tools.has('ss'),
      },
    },
  };
}

function okText(file: RawFile | undefined): string | null {
  return file !== undefined && file.state === 'ok' ? clean(file.text) : null;
}

function fact(f: Frame, key: string): string | null {
  const values = f.facts.get(key);
  return values === undefined ? null : clean(values[0] ?? '');
}

/** Trimmed, bounded, and null when empty. */
function clean(s: string): string | null {
  const t = s.trim().slice(0, MAX_TEXT);
  return t === '' ? null : t;
}
