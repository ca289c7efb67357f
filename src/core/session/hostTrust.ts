import { phrase, phraseOf } from '../../shared/l10n/phrase';
import type { AcceptedNewDecision, HostKeyDecision } from '../ssh/hostKeyDecision';
import {
  effectiveHostKeyChecking,
  persistAcceptedKey,
  type HostKeyChecking,
  type HostKeyPrompt,
} from '../ssh/hostKeyPolicy';
import { createHostKeyStore, type HostKeyStore } from '../ssh/hostKeyStore';
import { ownBuffer, ownString } from '../ownCopy';
import { entryApplies, knownHostsName, type KnownHostEntry } from '../ssh/knownHosts';
import { loadKnownHosts } from '../ssh/knownHostsFiles';
import { policyVerifierFactory } from '../ssh/policyVerifier';
import type { ResolvedHost } from '../ssh/sshConfig';
import { describeEndpoint, type HostVerifierFactory, type SshEndpoint } from '../ssh/sshEndpoint';
import { SshError } from '../ssh/sshErrors';
import { logPhrase } from './sessionLog';
import type { RefusedHostKey, SessionDeps } from './sessionTypes';

interface Hop {
  resolved: ResolvedHost;
  checking: HostKeyChecking;
  entries: KnownHostEntry[];
}

const hopKey = (h: Pick<SshEndpoint, 'user' | 'hostName' | 'port'>): string => describeEndpoint(h);

/**
 * Host-key trust for one connection and its ProxyJump hops: every known_hosts file the ssh config
 * names plus our own store (read, never written, except our store), the OpenSSH policy per hop, and
 * accepted-new keys written to our store only once the connection is up (the server has then proved
 * it holds the key by signing the exchange hash; docs/security.md §2.3).
 */
export class HostTrust {
  private readonly store: HostKeyStore;
  private readonly hops = new Map<string, Hop>();
  private pending: AcceptedNewDecision[] = [];
  private lastRefusal: RefusedHostKey | undefined;

  constructor(
    hosts: readonly ResolvedHost[],
    private readonly deps: Pick<SessionDeps, 'storeDir' | 'log'> & {
      checking: HostKeyChecking;
      prompt?: HostKeyPrompt;
    },
  ) {
    // Names are hashed in our store when the target's config says HashKnownHosts (Debian's default).
    this.store = createHostKeyStore({ dir: deps.storeDir, hashNames: hosts.at(-1)?.hashKnownHosts ?? false });
    for (const r of hosts) {
      // `ssh -G` (and the parser) report `ask` when StrictHostKeyChecking is unset, so `ask` cannot
      // be told apart from the default; only `yes` is surely the user's and may tighten our setting.
      const fromConfig = r.strictHostKeyChecking === 'yes' ? 'yes' : undefined;
      this.hops.set(hopKey(r), {
        resolved: r,
        checking: effectiveHostKeyChecking(deps.checking, fromConfig),
        entries: [],
      });
    }
  }

  /** The last host key refused, with its fingerprint and the fixes to offer. */
  get refusal(): RefusedHostKey | undefined {
    return this.lastRefusal;
  }

  /**
   * (Re)reads every hop's known_hosts files. A file that exists but cannot be read fails closed:
   * rejects with an `SshError` of kind `config` (§1.2), rather than treating the host as unknown.
   */
  async load(): Promise<void> {
    for (const hop of this.hops.values()) {
      const r = hop.resolved;
      const loaded = await loadKnownHosts([...r.userKnownHostsFiles, ...r.globalKnownHostsFiles, this.store.path]);
      if (!loaded.ok) {
        throw new SshError(
          'config',
          phrase(
            "Cannot check the host key of {0}: {1}. VPS Doctor does not connect without reading it; fix the file's permissions.",
            r.hostName,
            loaded.error.message,
          ),
          { detail: loaded.error.code },
        );
      }
      hop.entries = applicableEntries(loaded.value.entries, r);
    }
  }

  /** The verifier factory for the SSH connection: each hop checked against its own files and policy. */
  verifierFactory(): HostVerifierFactory {
    return policyVerifierFactory(
      (ep) => {
        const hop = this.hops.get(hopKey(ep));
        const options = {
          checking: hop?.checking ?? 'yes',
          entries: hop?.entries ?? [],
          storePath: this.store.path,
          ...(this.deps.prompt ? { prompt: this.deps.prompt } : {}),
        };
        const alias = hop?.resolved.hostKeyAlias;
        return alias === undefined ? options : { ...options, hostKeyAlias: alias };
      },
      (ep, d) => this.record(ep, d),
    );
  }

  /** After the connection came up: writes keys accepted on the way, then re-reads the files. */
  async persistAccepted(): Promise<void> {
    const accepted = this.pending.splice(0);
    if (accepted.length === 0) return;
    for (const d of accepted) {
      const r = await persistAcceptedKey(this.store, d);
      if (r.ok)
        this.deps.log(
          'info',
          `Trusted the ${d.keyType} host key ${d.fingerprint} of ${d.target.lookupName}; recorded in ${r.value.file}:${r.value.line}.`,
        );
      else
        logPhrase(
          this.deps.log,
          'error',
          phrase(
            'The {0} host key {1} of {2} was trusted for this connection but could not be recorded ({3}); you will be asked again.',
            d.keyType,
            d.fingerprint,
            d.target.lookupName,
            phraseOf(r.error),
          ),
        );
    }
    await this.load().catch((e: unknown) => logPhrase(this.deps.log, 'warn', phraseOf(e)));
  }

  /** A connection that never came up proves nothing: forget keys accepted during it. */
  discardPending(): void {
    this.pending = [];
  }

  private record(ep: SshEndpoint, d: HostKeyDecision): void {
    const where = describeEndpoint(ep);
    switch (d.kind) {
      case 'match':
        this.deps.log('info', `Host key of ${where} OK (${d.keyType} ${d.fingerprint} from ${d.file}:${d.line}).`);
        return;
      case 'accepted-new':
        this.pending.push(d);
        return;
      case 'refused':
        this.lastRefusal = d;
        logPhrase(this.deps.log, 'warn', phrase('Host key of {0} refused: {1}.', where, d.phrase));
    }
  }
}

/** What "Forget Host Key" removed: for one known_hosts name, how many lines left our store. */
export interface ForgottenHostKeys {
  name: string;
  removed: number;
}

/**
 * "Forget Host Key": removes from our store the keys that a refusal says to forget, i.e. the names
 * of its `forget-host-key` fixes that point at this store. Only our store is ever written, never
 * the user's known_hosts (docs/security.md §1.2, §2.3); the next connection then meets the server's
 * current key as a new one, with its fingerprint to check.
 * @throws SshError of kind `config` when the store cannot be read or rewritten
 */
export async function forgetRefusedHostKeys(
  storeDir: string,
  refusal: RefusedHostKey | undefined,
): Promise<ForgottenHostKeys[]> {
  const store = createHostKeyStore({ dir: storeDir, hashNames: false });
  const ours = (refusal?.fixes ?? []).flatMap((f) =>
    f.kind === 'forget-host-key' && f.file === store.path ? [f.name] : [],
  );
  const names = new Set(ours);
  const forgotten: ForgottenHostKeys[] = [];
  for (const name of names) {
    const r = await store.forget(name);
    if (!r.ok) throw new SshError('config', phrase('Cannot forget the host key of {0}: {1}.', name, r.error.message));
    forgotten.push({ name, removed: r.value.removed });
  }
  return forgotten;
}

/**
 * The lines that can apply to a hop: its lookup name, or the port-less name OpenSSH retries for a non-22 port
 * (the only names the checks look up). A known_hosts that lists a whole fleet is then not kept in full once per
 * host, which would grow an exporter's memory with the square of the fleet.
 */
function applicableEntries(
  entries: readonly KnownHostEntry[],
  r: { hostName: string; port: number; hostKeyAlias?: string },
): KnownHostEntry[] {
  const name = knownHostsName(r.hostName, r.port, r.hostKeyAlias);
  const bare = r.hostKeyAlias === undefined && r.port !== 22 ? r.hostName.toLowerCase() : undefined;
  return entries.filter((e) => entryApplies(e, name) || (bare !== undefined && entryApplies(e, bare))).map(detached);
}

/** A kept entry that holds none of the file text and shared Buffer pool it was parsed from (ownCopy.ts). */
function detached(e: KnownHostEntry): KnownHostEntry {
  const hosts: KnownHostEntry['hosts'] =
    e.hosts.kind === 'patterns'
      ? { kind: 'patterns', list: ownString(e.hosts.list) }
      : { kind: 'hashed', salt: ownBuffer(e.hosts.salt), field: ownString(e.hosts.field) };
  return {
    ...e,
    file: ownString(e.file),
    hosts,
    keyType: ownString(e.keyType),
    keyBlob: ownBuffer(e.keyBlob),
    comment: ownString(e.comment),
  };
}
