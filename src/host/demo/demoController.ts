import type { DemoHost } from '../../demo/demoHost';
import type { SessionRoute } from '../sessions/sessionFactory';
import type { HostTarget } from '../sessions/sessionTypes';
import { DEMO_HOST_ID, demoProbes, demoRoute, demoTarget, type DemoProbes } from './demoTarget';
import { loadLazy } from '../lazyLoad';
import { displayLocalizer } from '../l10n';

/**
 * The built-in demo host while it runs: started on request (its module, with the ssh2 server, is loaded
 * only then), listed in the Hosts view, stopped on request or when the extension deactivates.
 */
export class DemoController {
  private host: DemoHost | undefined;
  private starting: Promise<DemoHost> | undefined;

  constructor(
    /** Where the demo keeps its keys, ssh_config and simulated /proc (the extension's global storage). */
    private readonly stateDir: string,
    private readonly log: (message: string) => void,
  ) {}

  get running(): boolean {
    return this.host !== undefined;
  }

  /** The demo's tree entry while it runs; nothing otherwise. */
  targets(): HostTarget[] {
    return this.host === undefined ? [] : [demoTarget(displayLocalizer())];
  }

  /** The session route of a listed host: the demo's own ssh config for the demo, nothing for the user's hosts. */
  route(target: HostTarget): SessionRoute | undefined {
    return target.id === DEMO_HOST_ID && this.host !== undefined
      ? demoRoute(this.host.sshConfigFile, displayLocalizer())
      : undefined;
  }

  /** Where the probes of the demo go; undefined for any other host, or when the demo is not running. */
  probes(hostId: string): DemoProbes | undefined {
    return hostId === DEMO_HOST_ID && this.host !== undefined
      ? demoProbes(this.host.servicePort, process.getuid?.() === 0)
      : undefined;
  }

  /** Starts the demo host once; concurrent callers share the start. */
  async start(): Promise<void> {
    if (this.host !== undefined) return;
    this.starting ??= (async () => {
      const { startDemoHost } = await loadLazy();
      return startDemoHost({
        stateDir: this.stateDir,
        onRefused: (line, reason) => this.log(`demo host refused "${line.slice(0, 200)}": ${reason}`),
      });
    })();
    try {
      this.host = await this.starting;
      this.log(
        `demo host started: SSH on 127.0.0.1:${this.host.sshPort}, web service on 127.0.0.1:${this.host.servicePort}`,
      );
    } finally {
      this.starting = undefined;
    }
  }

  /** Stops the demo host (its SSH server, service child process and scenario). */
  async stop(): Promise<void> {
    const host = this.host ?? (await this.starting?.catch(() => undefined));
    this.host = undefined;
    if (host === undefined) return;
    await host.stop();
    this.log('demo host stopped');
  }
}
