import * as vscode from 'vscode';
import { connectHost, loadHistory } from '../commands/connectHost';
import { pickHost } from '../commands/pickHost';
import type { SessionLike } from '../sessions/sessionTypes';
import { probeTargetOf } from './askProbeTarget';
import type { ProbeSummary } from './probeSummary';
import type { ProbeServices } from './probeServices';
import type { ProbeTarget } from './probeTarget';

/** A host ready to be probed: connected, with the address its ssh config resolved to. */
export interface ProbeHost {
  hostId: string;
  label: string;
  session: SessionLike;
  /** Where the connections and pings go: the demo's loopback, or the session's resolved HostName. */
  address: string;
  /** The demo's fixed burst and ping sizes; undefined for the user's hosts, which use the settings. */
  demo?: { count: number; concurrency: number; pingCount: number; pingIntervalSeconds: number };
}

/** A host ready for the connection probes: also the service they aim at. */
export interface ServiceProbeHost extends ProbeHost {
  target: ProbeTarget;
}

/**
 * The host a burst, diagnosis or sweep acts on (tree node, id, or quick pick), with its service (asked
 * once per host, then remembered; the demo's is its own), connected first when it is not.
 */
export function probeHost(s: ProbeServices, arg: unknown, placeHolder: string): Promise<ServiceProbeHost> {
  return readyHost(s, arg, placeHolder, async (hostId, label) => ({
    target: s.demo.probes(hostId)?.target ?? (await probeTargetOf(s.state, hostId, label)),
  }));
}

/** The host a ping acts on: as {@link probeHost}, without a service. */
export function pingHost(s: ProbeServices, arg: unknown, placeHolder: string): Promise<ProbeHost> {
  return readyHost(s, arg, placeHolder, () => Promise.resolve({}));
}

/** Picks the host, asks what `before` asks (before connecting: a dismissed question leaves no connection), connects. */
async function readyHost<T extends object>(
  s: ProbeServices,
  arg: unknown,
  placeHolder: string,
  before: (hostId: string, label: string) => Promise<T>,
): Promise<ProbeHost & T> {
  const hostId = await pickHost(s.registry, arg, {
    placeHolder,
    none: vscode.l10n.t('No hosts yet: add one first, or try the demo host.'),
  });
  const listed = s.registry.target(hostId);
  // A saved result's panel, or the demo's after it stopped: there is no host to probe behind it.
  if (listed === undefined)
    throw new Error(
      vscode.l10n.t(
        'That host is not in the Hosts view (a saved result, or the demo host after it stopped): run the probe on a listed host.',
      ),
    );
  const label = listed.label;
  const asked = await before(hostId, label);
  if (s.registry.session(hostId)?.state.kind !== 'connected') await connectHost(s, hostId);
  const session = s.registry.session(hostId);
  if (session === undefined) throw new Error(vscode.l10n.t('{0} is not connected.', label));
  const demo = s.demo.probes(hostId);
  const address = demo?.host ?? session.address?.hostName;
  if (address === undefined) throw new Error(vscode.l10n.t('{0} has no network address to probe.', label));
  s.status.select(hostId);
  return { ...asked, hostId, label, session, address, ...(demo ? { demo } : {}) };
}

/** Appends the probe's summary to the host's history and shows it in the tree's Probes section. */
export async function recordProbe(
  s: ProbeServices,
  h: ProbeHost,
  probe: 'burst' | 'ping' | 'diagnosis',
  summary: ProbeSummary,
): Promise<void> {
  try {
    await h.session.history.append(h.hostId, { kind: 'probe', atMs: Date.now(), probe, summary });
    await loadHistory(s, h.hostId, h.label);
  } catch (err) {
    // The result is shown anyway; only the history line is missing.
    s.log.warn(
      `${h.label}: the ${probe} result was not added to the history: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}

/** Runs a probe of the host, refusing to start a second one while the first runs. */
export async function exclusive<T>(s: ProbeServices, h: ProbeHost, work: () => Promise<T>): Promise<T> {
  if (s.busy.has(h.hostId))
    throw new Error(
      vscode.l10n.t('A probe of {0} is still running: wait for it, or cancel it in its notification.', h.label),
    );
  s.busy.add(h.hostId);
  try {
    return await work();
  } finally {
    s.busy.delete(h.hostId);
  }
}

/** Asks before a big burst (burstLimits.ts needsConfirmation); Cancel is the default. */
export async function confirmBurst(label: string, count: number, concurrency: number): Promise<void> {
  const go = vscode.l10n.t('Run the Burst');
  const choice = await vscode.window.showWarningMessage(
    vscode.l10n.t('Open {0} new connections to {1}, {2} at a time?', count, label, concurrency),
    {
      modal: true,
      detail: vscode.l10n.t(
        "A burst this size is a real load on the server, and a provider's filter may greylist this machine for a while. Only run it against a server you own. The size comes from the vpsDoctor.probes settings.",
      ),
    },
    go,
  );
  if (choice !== go) throw new vscode.CancellationError();
}

/**
 * Runs long work in a cancellable notification. The token becomes an AbortSignal for the probes; a cancel
 * ends in `CancellationError`, which the command boundary keeps silent.
 */
export function withProbeProgress<T>(
  title: string,
  work: (report: (message: string, increment?: number) => void, signal: AbortSignal) => Promise<T>,
): Promise<T> {
  return Promise.resolve(
    vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title, cancellable: true },
      async (progress, token) => {
        const abort = new AbortController();
        const sub = token.onCancellationRequested(() => abort.abort(new vscode.CancellationError()));
        try {
          return await work(
            (message, increment) => progress.report(increment === undefined ? { message } : { message, increment }),
            abort.signal,
          );
        } catch (err) {
          if (abort.signal.aborted) throw new vscode.CancellationError();
          throw err;
        } finally {
          sub.dispose();
        }
      },
    ),
  );
}
