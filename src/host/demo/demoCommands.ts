import * as vscode from 'vscode';
import { connectHost } from '../commands/connectHost';
import type { ProbeServices } from '../probes/probeServices';
import { DEMO_HOST_ID } from './demoTarget';

/**
 * Try the Demo Host: starts the built-in simulated OpenVZ host on loopback (state under the extension's
 * global storage), lists it in the Hosts view, connects it through the normal SSH path and offers the full
 * diagnosis. Nothing is written to the user's settings.
 */
export async function startDemo(s: ProbeServices): Promise<void> {
  if (!s.demo.running)
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('VPS Doctor: starting the demo host') },
      () => listDemo(s),
    );
  await vscode.commands.executeCommand('vpsDoctor.hosts.focus');
  await connectHost(s, DEMO_HOST_ID);
  const run = vscode.l10n.t('Run Full Diagnosis');
  void vscode.window
    .showInformationMessage(
      vscode.l10n.t(
        "The demo host is connected: a simulated OpenVZ container with the seed VPS's figures, behind a web service that drops bursts of new connections. Its client timings are real, its server counters simulated.",
      ),
      run,
    )
    .then((choice) =>
      choice === run ? vscode.commands.executeCommand('vpsDoctor.probes.diagnose', DEMO_HOST_ID) : undefined,
    );
}

/** Starts the demo host when it is not running and lists it in the Hosts view: no connection, no message. */
export async function listDemo(s: ProbeServices): Promise<void> {
  if (s.demo.running) return;
  await s.demo.start();
  await vscode.commands.executeCommand('setContext', 'vpsDoctor.demoRunning', true);
  await s.tree.reload();
}

/** Stop the Demo Host: disconnects it, stops its servers and removes it from the Hosts view. */
export async function stopDemo(s: ProbeServices): Promise<void> {
  if (!s.demo.running) {
    void vscode.window.showInformationMessage(vscode.l10n.t('VPS Doctor: the demo host is not running.'));
    return;
  }
  await s.registry.session(DEMO_HOST_ID)?.disconnect();
  await s.demo.stop();
  await vscode.commands.executeCommand('setContext', 'vpsDoctor.demoRunning', false);
  await s.tree.reload();
}
