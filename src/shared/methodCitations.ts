/**
 * Citations of the method document (`docs/method.md`) as a reader of an exported report can follow them.
 * Texts inside the product cite `docs/method.md §N`; a report that leaves the repository (HTML, Markdown)
 * has no such file beside it and no public address to link to, so it names the document and the section
 * title instead: `VPS Doctor method, §1.5 "How tcpsndbuf is charged"`, which a reader can search for.
 *
 * The titles are kept here by hand, once; `test/unit/docCitations.test.ts` checks them against the
 * headings of docs/method.md, so a renamed or renumbered section fails the tests instead of the reader.
 */

import { english, msg, type Localizer } from './l10n/localizer';

/** Section number -> heading title of docs/method.md (without the number); translated where a citation is shown. */
export const METHOD_SECTIONS: Readonly<Record<string, string>> = Object.freeze({
  '1': msg('OpenVZ user beancounters'),
  '1.1': msg('Reading /proc/user_beancounters'),
  '1.2': msg('What the columns mean'),
  '1.3': msg('Unlimited'),
  '1.4': msg('Units and resources'),
  '1.5': msg('How tcpsndbuf is charged'),
  '1.6': msg('/proc/bc and vzubc'),
  '1.7': msg('Kernel generations'),
  '1.8': msg('Who may read the file'),
  '1.9': msg('What is reported for each resource'),
  '2': msg('TCP buffer risk'),
  '2.1': msg('The sysctls, and who obeys which'),
  '2.2': msg('Why buffers grow past wmem_max'),
  '2.3': msg('What the beancounter charges and what the socket limits'),
  '2.4': msg('The capacity arithmetic'),
  '2.5': msg('Host-wide tcp_mem'),
  '3': msg('Where the SYNs died'),
  '3.1': msg('Client SYN retransmission schedules'),
  '3.2': msg('The burst probe'),
  '3.3': msg('Server counters'),
  '3.4': msg('The decision table'),
  '3.5': msg('The network lab'),
  '3.6': msg('Watching over time'),
  '4': msg('Ping loss and round-trip times'),
  '4.1': msg('Loss with a Wilson interval'),
  '4.2': msg('Round-trip statistics'),
  '4.3': msg('Running ping and reading its output'),
  '5': msg('Hosts without beancounters'),
  '5.1': msg('Modern equivalents: cgroup v2 and friends'),
  '5.2': msg('Detecting the virtualization'),
  '6': msg('Reading the server'),
  '6.1': msg('One process per sample'),
  '6.2': msg('Markers and framing'),
  '6.3': msg('Consistency of counters and deltas'),
  '6.4': msg('Permissions and sudo -n'),
  '7': msg('Limits of the method'),
  '8': msg('References'),
});

/**
 * `VPS Doctor method, §1.5 "How tcpsndbuf is charged"`, in `l`'s language (the title translated). A section
 * the document does not have is cited by number alone rather than with an invented title.
 */
export function methodCitation(section: string, l: Localizer = english): string {
  const title = Object.hasOwn(METHOD_SECTIONS, section) ? METHOD_SECTIONS[section] : undefined;
  return title === undefined
    ? l.t('VPS Doctor method, §{0}', section)
    : l.t('VPS Doctor method, §{0} "{1}"', section, l.t(title));
}

/** `docs/method.md §N` as the product's texts write it; a trailing full stop is not part of N. */
const IN_REPO_CITATION = /docs\/method\.md §(\d+(?:\.\d+)*)/g;

/** Rewrites every `docs/method.md §N` in a text into {@link methodCitation}; other text is unchanged. */
export function readableCitations(text: string, l: Localizer = english): string {
  return text.replace(IN_REPO_CITATION, (_whole, section: string) => methodCitation(section, l));
}

/**
 * Where the method explains a verdict: the decision table, and the row that decided when there is one
 * (`VPS Doctor method, §3.4 "The decision table", row 2`).
 */
export function verdictMethod(row: number | null, l: Localizer = english): string {
  return row === null ? methodCitation('3.4', l) : l.t('{0}, row {1}', methodCitation('3.4', l), row);
}
