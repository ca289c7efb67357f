import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectVirtualization, type VirtualizationKind } from '../../src/core/remote/detectVirtualization';
import type { HostFacts } from '../../src/core/remote/hostFacts';
import { hostFacts as facts } from './remoteFixtures';

const TABLE: [string, HostFacts, VirtualizationKind, string][] = [
  [
    'OpenVZ CT with envID (CentOS 6, no systemd)',
    facts({
      osRelease: '2.6.32-042stab145.3',
      envId: '101',
      exists: { 'proc/vz': true, 'proc/user_beancounters': true },
    }),
    'openvz-container',
    'OpenVZ container (CT 101)',
  ],
  [
    'OpenVZ CT seen by systemd',
    facts({ systemdDetectVirt: 'openvz', exists: { 'proc/vz': true } }),
    'openvz-container',
    'OpenVZ container',
  ],
  [
    'vz7 CT with a UUID-like id',
    facts({ envId: 'a1b2c3d4-0000', exists: { 'proc/vz': true } }),
    'openvz-container',
    'OpenVZ container (CT a1b2c3d4-0000)',
  ],
  [
    'OpenVZ node with /proc/bc',
    facts({ envId: '0', exists: { 'proc/vz': true, 'proc/bc': true, 'proc/user_beancounters': true } }),
    'openvz-node',
    'OpenVZ hardware node',
  ],
  [
    'OpenVZ node even if systemd says none',
    facts({ systemdDetectVirt: 'none', exists: { 'proc/vz': true, 'proc/bc': true } }),
    'openvz-node',
    'OpenVZ hardware node',
  ],
  ['docker by /.dockerenv', facts({ exists: { '.dockerenv': true } }), 'docker', 'Docker container'],
  ['docker by systemd-detect-virt', facts({ systemdDetectVirt: 'docker' }), 'docker', 'Docker container'],
  [
    'docker by cgroup v1 path',
    facts({ cgroupText: '12:memory:/docker/3f2a9c\n0::/docker/3f2a9c' }),
    'docker',
    'Docker container',
  ],
  ['podman by /run/.containerenv', facts({ exists: { 'run/.containerenv': true } }), 'podman', 'Podman container'],
  [
    'lxc by /run/systemd/container',
    facts({ systemdContainer: 'lxc', exists: { 'run/systemd/container': true } }),
    'lxc',
    'LXC container',
  ],
  ['lxc by $container', facts({ containerEnv: 'lxc' }), 'lxc', 'LXC container'],
  ['lxc by cgroup path', facts({ cgroupText: '0::/lxc/web01' }), 'lxc', 'LXC container'],
  ['systemd-nspawn', facts({ systemdDetectVirt: 'systemd-nspawn' }), 'unknown', 'Container (systemd-nspawn)'],
  [
    'kvm by DMI (QEMU)',
    facts({ dmi: { sysVendor: 'QEMU', productName: 'Standard PC (Q35 + ICH9, 2009)' }, hypervisorFlag: true }),
    'kvm',
    'KVM virtual machine',
  ],
  ['kvm by systemd-detect-virt', facts({ systemdDetectVirt: 'kvm' }), 'kvm', 'KVM virtual machine'],
  [
    'vmware by DMI',
    facts({ dmi: { sysVendor: 'VMware, Inc.', productName: 'VMware Virtual Platform' } }),
    'vmware',
    'VMware virtual machine',
  ],
  [
    'hyper-v by DMI',
    facts({ dmi: { sysVendor: 'Microsoft Corporation', productName: 'Virtual Machine' } }),
    'hyperv',
    'Hyper-V virtual machine',
  ],
  ['xen by /sys/hypervisor/type', facts({ hypervisorType: 'xen' }), 'xen', 'Xen virtual machine'],
  [
    'EC2 by DMI',
    facts({ dmi: { sysVendor: 'Amazon EC2', productName: 'm5.large' } }),
    'vm',
    'Virtual machine (Amazon EC2 m5.large)',
  ],
  ['oracle by systemd-detect-virt', facts({ systemdDetectVirt: 'oracle' }), 'vm', 'Virtual machine (oracle)'],
  ['unknown hypervisor by CPU flag', facts({ hypervisorFlag: true }), 'vm', 'Virtual machine'],
  [
    'WSL by kernel release',
    facts({ osRelease: '5.15.133.1-microsoft-standard-WSL2' }),
    'wsl',
    'Windows Subsystem for Linux',
  ],
  ['bare metal by systemd-detect-virt', facts({ systemdDetectVirt: 'none' }), 'bare-metal', 'Bare metal'],
  [
    'bare metal: x86 without the hypervisor flag',
    facts({ hypervisorFlag: false, dmi: { sysVendor: 'Dell Inc.', productName: 'PowerEdge R640' } }),
    'bare-metal',
    'Bare metal',
  ],
  ['ARM without evidence stays unknown', facts({ machine: 'aarch64', hypervisorFlag: false }), 'unknown', 'Unknown'],
  ['nothing readable', facts(), 'unknown', 'Unknown'],
];

describe('detectVirtualization', () => {
  for (const [name, input, kind, label] of TABLE) {
    it(name, () => {
      const v = detectVirtualization(input);
      assert.equal(v.kind, kind);
      assert.equal(v.label, label);
      assert.ok(v.evidence.length > 0);
    });
  }

  it('lists the evidence it used', () => {
    const v = detectVirtualization(facts({ envId: '101', exists: { 'proc/vz': true } }));
    assert.deepEqual(v.evidence, ['/proc/self/status has envID: 101', '/proc/vz exists']);
  });

  it('does not trust a systemd value that is an Object prototype key', () => {
    assert.equal(detectVirtualization(facts({ systemdDetectVirt: 'constructor' })).kind, 'vm');
    assert.equal(detectVirtualization(facts({ containerEnv: '__proto__' })).label, 'Container (__proto__)');
  });
});
