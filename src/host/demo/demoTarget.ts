import { DEMO_HOST_ALIAS } from '../../demo/demoSshConfig';
import type { ProbeTarget } from '../probes/probeTarget';
import type { SessionRoute } from '../sessions/sessionFactory';
import type { HostTarget } from '../sessions/sessionTypes';
import { DEFAULT_CONCURRENCY, DEFAULT_COUNT } from '../../core/probes/burstLimits';
import { DEFAULT_PING_COUNT } from '../../core/probes/pingLimits';
import { english, type Localizer } from '../../shared/l10n/localizer';

/** The demo host's id in the tree and its history file; stable across starts (its ports are not). */
export const DEMO_HOST_ID = `demo:${DEMO_HOST_ALIAS}`;

/**
 * The demo host as the Hosts view lists it: clearly labelled (in `l`'s language), never written to the
 * user's settings.
 */
export function demoTarget(l: Localizer = english): HostTarget {
  return {
    id: DEMO_HOST_ID,
    label: l.t('{0} (simulated OpenVZ host)', DEMO_HOST_ALIAS),
    alias: DEMO_HOST_ALIAS,
    source: 'demo',
  };
}

/**
 * How the session reaches the demo: as an ssh config alias of the demo's own config file, so the whole
 * normal path runs (ssh config, host-key check against its known_hosts, key auth, the sampler). Only the
 * `demo` source is swapped: resolveTarget.ts refuses `demo` targets, which have no address of their own.
 */
export function demoRoute(sshConfigFile: string, l: Localizer = english): SessionRoute {
  return { target: { ...demoTarget(l), source: 'ssh-config' }, sshConfigFile };
}

/** The burst and ping of the demo: its paced web service and loopback, at the CLI demo's size (32 at 4). */
export interface DemoProbes {
  host: string;
  target: ProbeTarget;
  count: number;
  concurrency: number;
  pingCount: number;
  /** Seconds between pings: 0.05 s only as root, since iputils refuses intervals under 0.2 s to other users. */
  pingIntervalSeconds: number;
}

export function demoProbes(servicePort: number, isRoot: boolean): DemoProbes {
  return {
    host: '127.0.0.1',
    target: { port: servicePort },
    count: DEFAULT_COUNT,
    concurrency: DEFAULT_CONCURRENCY,
    pingCount: DEFAULT_PING_COUNT,
    pingIntervalSeconds: isRoot ? 0.05 : 0.2,
  };
}
