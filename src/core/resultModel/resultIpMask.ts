import { isIPv4, isIPv6 } from 'node:net';
import type { DiagnosisReport } from './resultSchema';
import { mapStrings } from '../../shared/l10n/capture';

/**
 * Public IP addresses hidden for reports that leave the user's hands (support tickets, shared files):
 * `203.0.113.7` -> `203.0.x.x`, `2001:db8::5` -> `2001:db8:x:x`. Private, loopback, link-local,
 * carrier-grade NAT and benchmarking addresses stay, since they identify nothing outside the network.
 */

const IPV4 = /(?<![\d.])(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?![\d]|\.\d)/g;
/** Candidates only; each is confirmed with `isIPv6` (times like `10:20:30` are not addresses). */
const IPV6 = /(?<![\w:.])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?:\.\d{1,3}){0,3}(?![\w:])/g;

/** True for an address routed on the public internet (IPv4 or IPv6 text); false for anything else. */
export function isPublicIp(ip: string): boolean {
  if (isIPv4(ip)) {
    const [a, b] = ip.split('.').map(Number);
    return !(
      a === 0 ||
      a === 10 ||
      a === 127 ||
      (a === 100 && b >= 64 && b <= 127) ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 198 && (b === 18 || b === 19)) ||
      a >= 224
    );
  }
  if (!isIPv6(ip)) return false;
  const lower = ip.toLowerCase();
  if (lower === '::' || lower === '::1') return false;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (mapped) return isPublicIp(mapped[1]);
  const first = parseInt(lower.split(':')[0] || '0', 16);
  // fc00::/7 unique local, fe80::/10 link-local, ff00::/8 multicast.
  return !((first & 0xfe00) === 0xfc00 || (first & 0xffc0) === 0xfe80 || (first & 0xff00) === 0xff00);
}

/** The text with every public IP address masked (see the module comment). */
export function maskPublicIps(text: string): string {
  const v4 = text.replace(IPV4, (ip, a: string, b: string) => (isIPv4(ip) && isPublicIp(ip) ? `${a}.${b}.x.x` : ip));
  return v4.replace(IPV6, (ip) => {
    if (!isIPv6(ip) || !isPublicIp(ip)) return ip;
    const groups = ip.split(':').filter((g) => g !== '');
    return `${groups.slice(0, 2).join(':')}:x:x`;
  });
}

/** Every string of the report with public IPs masked; numbers and structure unchanged. */
export function maskResultIps(report: DiagnosisReport): DiagnosisReport {
  return mapStrings(report, maskPublicIps);
}
