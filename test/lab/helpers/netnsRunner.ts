/**
 * The sampler's runner inside the lab's vps namespace: the product's LocalRunner under `ip netns exec`, which
 * execs the catalog script's `sh`. /proc/net is per network namespace, so this reads exactly what an sshd inside
 * the vps namespace would hand the SSH runner.
 */
import { LocalRunner } from '../../../src/core/remote/localRunner';

export const netnsRunner = (ns: string): LocalRunner => new LocalRunner({ wrap: ['ip', 'netns', 'exec', ns] });
