import type { HostFacts } from './hostFacts';
import { english, msg, type Localizer } from '../../shared/l10n/localizer';

export type VirtualizationKind =
  | 'openvz-container'
  | 'openvz-node'
  | 'lxc'
  | 'docker'
  | 'podman'
  | 'wsl'
  | 'kvm'
  | 'xen'
  | 'vmware'
  | 'hyperv'
  | 'vm'
  | 'bare-metal'
  | 'unknown';

export interface Virtualization {
  kind: VirtualizationKind;
  /** Short human label, e.g. "OpenVZ container (CT 101)". */
  label: string;
  /** Every observation that led to the verdict, in the order checked. */
  evidence: string[];
}

/** systemd-detect-virt's identifiers (systemd virt.c) mapped to our kinds. */
const SYSTEMD_KINDS = new Map<string, VirtualizationKind>([
  ['openvz', 'openvz-container'],
  ['lxc', 'lxc'],
  ['lxc-libvirt', 'lxc'],
  ['docker', 'docker'],
  ['podman', 'podman'],
  ['wsl', 'wsl'],
  ['kvm', 'kvm'],
  ['qemu', 'kvm'],
  ['xen', 'xen'],
  ['vmware', 'vmware'],
  ['microsoft', 'hyperv'],
]);

/** Container identifiers of systemd-detect-virt that have no kind of their own. */
const SYSTEMD_OTHER_CONTAINERS = new Set(['systemd-nspawn', 'rkt', 'proot', 'pouch', 'container-other']);

const LABELS: Record<VirtualizationKind, string> = {
  'openvz-container': msg('OpenVZ container'),
  'openvz-node': msg('OpenVZ hardware node'),
  lxc: msg('LXC container'),
  docker: msg('Docker container'),
  podman: msg('Podman container'),
  wsl: msg('Windows Subsystem for Linux'),
  kvm: msg('KVM virtual machine'),
  xen: msg('Xen virtual machine'),
  vmware: msg('VMware virtual machine'),
  hyperv: msg('Hyper-V virtual machine'),
  vm: msg('Virtual machine'),
  'bare-metal': msg('Bare metal'),
  unknown: msg('Unknown'),
};

/** DMI vendor/product substrings (lower case) -> kind. Cloud KVM flavours stay generic `vm`. */
const DMI_KINDS: [RegExp, VirtualizationKind][] = [
  [/\bkvm\b|\bqemu\b|red hat/, 'kvm'],
  [/vmware/, 'vmware'],
  [/\bxen\b/, 'xen'],
  [/microsoft corporation.*virtual machine|hyper-v/, 'hyperv'],
  [
    /virtualbox|innotek|amazon ec2|google compute|openstack|digitalocean|droplet|bochs|parallels|bhyve|hetzner|vultr|linode|scaleway/,
    'vm',
  ],
];

const X86 = /^(x86_64|i[3-6]86|amd64)$/;

/**
 * Classifies the host from unprivileged evidence, in the order of docs/method.md §5.2:
 * OpenVZ markers first (systemd-detect-virt cannot tell a node, and CentOS 6-era containers lack
 * systemd), then systemd-detect-virt, then container files and cgroup names, then VM evidence.
 */
export function detectVirtualization(facts: HostFacts, l: Localizer = english): Virtualization {
  const evidence: string[] = [];
  const verdict = (kind: VirtualizationKind, label = l.t(LABELS[kind])): Virtualization => ({ kind, label, evidence });

  // §5.2 item 2: /proc/bc exists only on the node; envID is 0 on the node and the CTID inside.
  if (facts.envId !== null) evidence.push(l.t('/proc/self/status has envID: {0}', facts.envId));
  if (facts.exists['proc/vz']) evidence.push(l.t('{0} exists', '/proc/vz'));
  if (facts.exists['proc/bc']) evidence.push(l.t('{0} exists', '/proc/bc'));
  if (facts.exists['proc/user_beancounters']) evidence.push(l.t('{0} exists', '/proc/user_beancounters'));
  if (facts.exists['proc/bc'] || facts.envId === '0') return verdict('openvz-node');
  if (
    (facts.envId !== null && facts.envId !== '0') ||
    facts.exists['proc/vz'] ||
    facts.exists['proc/user_beancounters']
  ) {
    return verdict(
      'openvz-container',
      facts.envId !== null ? l.t('OpenVZ container (CT {0})', facts.envId) : l.t(LABELS['openvz-container']),
    );
  }

  const sdv = facts.systemdDetectVirt;
  if (sdv !== null) {
    evidence.push(l.t('systemd-detect-virt prints {0}', sdv));
    const kind = SYSTEMD_KINDS.get(sdv);
    if (kind !== undefined) return verdict(kind);
    if (sdv === 'none') return verdict('bare-metal');
    if (SYSTEMD_OTHER_CONTAINERS.has(sdv)) return verdict('unknown', l.t('Container ({0})', sdv));
    return verdict('vm', l.t('Virtual machine ({0})', sdv));
  }

  const container = containerKind(facts, evidence, l);
  if (container !== null) return container;

  const osr = facts.osRelease ?? '';
  if (/microsoft|wsl/i.test(osr)) {
    evidence.push(l.t('kernel release {0} names Microsoft/WSL', osr));
    return verdict('wsl');
  }
  if (facts.hypervisorType !== null) {
    evidence.push(l.t('{0} is {1}', '/sys/hypervisor/type', facts.hypervisorType));
    if (facts.hypervisorType === 'xen') return verdict('xen');
  }
  const dmi = [facts.dmi.sysVendor, facts.dmi.productName].filter((s): s is string => s !== null).join(' ');
  if (dmi !== '') {
    evidence.push(l.t('DMI says {0}', dmi));
    const match = DMI_KINDS.find(([re]) => re.test(dmi.toLowerCase()));
    if (match !== undefined)
      return verdict(match[1], match[1] === 'vm' ? l.t('Virtual machine ({0})', dmi) : l.t(LABELS[match[1]]));
  }
  if (facts.hypervisorFlag === true) {
    evidence.push(l.t('the CPU has the hypervisor flag'));
    return verdict('vm');
  }
  // Only x86 CPUs report the hypervisor flag, so its absence proves nothing elsewhere.
  if (facts.hypervisorFlag === false && X86.test(facts.machine ?? '')) {
    evidence.push(l.t('no hypervisor flag on an {0} CPU', facts.machine ?? ''));
    return verdict('bare-metal');
  }
  evidence.push(l.t('no virtualisation evidence readable without root'));
  return verdict('unknown');
}

/** §5.2 item 3: container files, the container type systemd recorded, cgroup names. */
function containerKind(facts: HostFacts, evidence: string[], l: Localizer): Virtualization | null {
  const found = (kind: VirtualizationKind, why: string, label = l.t(LABELS[kind])): Virtualization => {
    evidence.push(why);
    return { kind, label, evidence };
  };
  if (facts.exists['.dockerenv']) return found('docker', l.t('{0} exists', '/.dockerenv'));
  if (facts.exists['run/.containerenv']) return found('podman', l.t('{0} exists', '/run/.containerenv'));
  for (const [source, value] of [
    ['/run/systemd/container', facts.systemdContainer],
    ['$container', facts.containerEnv],
  ] as const) {
    if (value === null) continue;
    const kind = SYSTEMD_KINDS.get(value);
    if (kind !== undefined) return found(kind, l.t('{0} is {1}', source, value));
    return found('unknown', l.t('{0} is {1}', source, value), l.t('Container ({0})', value));
  }
  const cg = facts.cgroupText ?? '';
  if (/\/docker[/-]|\bdocker\b/.test(cg)) return found('docker', l.t('the cgroup path names {0}', 'docker'));
  if (/kubepods/.test(cg))
    return found('docker', l.t('the cgroup path names {0}', 'kubepods'), l.t('Kubernetes container'));
  if (/\/lxc[/.]|\blxc\b/.test(cg)) return found('lxc', l.t('the cgroup path names {0}', 'lxc'));
  if (/\bgarden\b/.test(cg))
    return found('unknown', l.t('the cgroup path names {0}', 'garden'), l.t('Container ({0})', 'Cloud Foundry Garden'));
  return null;
}
