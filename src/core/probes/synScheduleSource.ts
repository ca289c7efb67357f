/**
 * Where a client's SYN schedule came from, in words: stored in English in the result (`schedule.source`),
 * sysctl names and numbers as they are, and reworded in a report's language. No Node imports: the report
 * renderers use it.
 */
import { english, msg, type Localizer } from '../../shared/l10n/localizer';
import { rewordStored } from '../../shared/l10n/reword';

export const WINDOWS_DEFAULT = msg(
  'Windows default (initial RTO 3 s, 2 SYN retransmissions); Get-NetTCPSetting may differ',
);
export const BSD_DEFAULT = msg('{0} default (SYN backoff 1,1,1,1,1,2,4,8… s, gives up after 75 s)');
export const LINUX_LINEAR = msg('Linux: tcp_syn_linear_timeouts = {0}, {1}');
export const RETRIES_UNREADABLE = msg('tcp_syn_retries unreadable, default {0}');
export const LINUX_LEGACY = msg('Linux < 3.1: initial RTO 3 s, tcp_syn_retries = {0}');
export const LINUX_LINEAR_ASSUMED = msg('Linux >= 6.5, tcp_syn_linear_timeouts unreadable: default {0} assumed, {1}');
export const LINUX_EXPONENTIAL = msg('{0}: exponential backoff from 1 s, {1}');
export const KERNEL_UNKNOWN = msg('Linux, kernel version unknown');

const SOURCES = [
  WINDOWS_DEFAULT,
  LINUX_LINEAR,
  LINUX_LEGACY,
  LINUX_LINEAR_ASSUMED,
  RETRIES_UNREADABLE,
  BSD_DEFAULT,
  LINUX_EXPONENTIAL,
];

/** A schedule's `source` in `l`'s language (identifiers and numbers unchanged). */
export function synSourceText(source: string, l: Localizer = english): string {
  return rewordStored(source, SOURCES, l);
}
