import type { HistoryEntry } from '../../core/history/historyEntry';
import type { Virtualization } from '../../core/remote/detectVirtualization';
import type { HostFacts } from '../../core/remote/hostFacts';
import type { CommandRunner } from '../../core/remote/runner';
import type { ForgottenHostKeys } from '../../core/session/hostTrust';
import type { HostTarget, RefusedHostKey, SampleView, SessionState } from '../../core/session/sessionTypes';
import type { Phrase } from '../../shared/l10n/phrase';

export type { HistoryEntry } from '../../core/history/historyEntry';
export type { HostTarget, SampleView, SessionPrompts, SessionState } from '../../core/session/sessionTypes';

export interface Subscription {
  dispose(): void;
}

/**
 * The part of the host session (src/core/session/hostSession.ts) that the VS Code layer calls. Only
 * types are imported from the session's side here, so the tree, status bar and alerts are built and
 * tested without loading the session module, which pulls in ssh2 and is loaded on first use only.
 */
export interface SessionLike {
  readonly target: HostTarget;
  readonly state: SessionState;
  readonly latest: SampleView | undefined;
  readonly facts: HostFacts | undefined;
  readonly virtualization: Virtualization | undefined;
  /** Where the ssh config resolved the host to (the probes aim there); undefined before the first connect. */
  readonly address: { hostName: string; port: number } | undefined;
  /** The host's history (the session appends samples; probes append their results). */
  readonly history: HistoryLike;
  onDidChangeState(listener: (s: SessionState) => void): Subscription;
  onDidSample(listener: (v: SampleView) => void): Subscription;
  connect(signal?: AbortSignal): Promise<void>;
  disconnect(): Promise<void>;
  sampleNow(): Promise<SampleView>;
  setVisible(visible: boolean): void;
  resetBaseline(): void;
  /** The shared connection's runner: the full diagnosis takes its counter snapshots through it. */
  runner(): CommandRunner;
  dispose(): void;
  /** The last host key refused (fingerprint, reason, fixes). */
  readonly hostKeyRefusal: RefusedHostKey | undefined;
  /** "Forget Host Key": removes from our trust store the keys of the changed-key refusal the session failed on. */
  forgetRefusedHostKeys(): Promise<ForgottenHostKeys[]>;
}

/** The history store as the VS Code layer uses it (src/core/history/historyStore.ts). */
export interface HistoryLike {
  /** A corrupt file is moved aside and reported in `recovered`, never fatal. */
  read(hostId: string): Promise<{
    entries: HistoryEntry[];
    recovered?: { movedTo: string; reason: string; reasonPhrase: Phrase };
  }>;
  /** Appends one entry (a probe's result); the oldest go when the file is full. */
  append(hostId: string, entry: HistoryEntry): Promise<void>;
}
