/**
 * Citations of the method document (`docs/method.md`) as a reader of an exported report can follow them.
 * Texts inside the product cite `docs/method.md §N`; a report that leaves the repository (HTML, Markdown)
 * has no such file beside it and no public address to link to, so it names the document and the section
 * title instead: `VPS Doctor method, §1.5 "How tcpsndbuf is charged"`, which a reader can search for.
 *
 * The titles are kept here by hand, once; `test/unit/docCitations.test.ts` checks them against the
 * headings of docs/method.md, so a renamed or renumbered section fails the tests instead of the reader.
 */

/** What a report calls the method document. */
export const METHOD_DOCUMENT = 'VPS Doctor method';

/** Section number -> heading title of docs/method.md (without the number). */
export const METHOD_SECTIONS: Readonly<Record<string, string>> = Object.freeze({
  '1': 'OpenVZ user beancounters',
  '1.1': 'Reading /proc/user_beancounters',
  '1.2': 'What the columns mean',
  '1.3': 'Unlimited',
  '1.4': 'Units and resources',
  '1.5': 'How tcpsndbuf is charged',
  '1.6': '/proc/bc and vzubc',
  '1.7': 'Kernel generations',
  '1.8': 'Who may read the file',
  '1.9': 'What is reported for each resource',
  '2': 'TCP buffer risk',
  '2.1': 'The sysctls, and who obeys which',
  '2.2': 'Why buffers grow past wmem_max',
  '2.3': 'What the beancounter charges and what the socket limits',
  '2.4': 'The capacity arithmetic',
  '2.5': 'Host-wide tcp_mem',
  '3': 'Where the SYNs died',
  '3.1': 'Client SYN retransmission schedules',
  '3.2': 'The burst probe',
  '3.3': 'Server counters',
  '3.4': 'The decision table',
  '3.5': 'The network lab',
  '3.6': 'Watching over time',
  '4': 'Ping loss and round-trip times',
  '4.1': 'Loss with a Wilson interval',
  '4.2': 'Round-trip statistics',
  '4.3': 'Running ping and reading its output',
  '5': 'Hosts without beancounters',
  '5.1': 'Modern equivalents: cgroup v2 and friends',
  '5.2': 'Detecting the virtualization',
  '6': 'Reading the server',
  '6.1': 'One process per sample',
  '6.2': 'Markers and framing',
  '6.3': 'Consistency of counters and deltas',
  '6.4': 'Permissions and sudo -n',
  '7': 'Limits of the method',
  '8': 'References',
});

/**
 * `VPS Doctor method, §1.5 "How tcpsndbuf is charged"`. A section the document does not have is cited by
 * number alone rather than with an invented title.
 */
export function methodCitation(section: string): string {
  const title = Object.hasOwn(METHOD_SECTIONS, section) ? METHOD_SECTIONS[section] : undefined;
  return title === undefined ? `${METHOD_DOCUMENT}, §${section}` : `${METHOD_DOCUMENT}, §${section} "${title}"`;
}

/** `docs/method.md §N` as the product's texts write it; a trailing full stop is not part of N. */
const IN_REPO_CITATION = /docs\/method\.md §(\d+(?:\.\d+)*)/g;

/** Rewrites every `docs/method.md §N` in a text into {@link methodCitation}; other text is unchanged. */
export function readableCitations(text: string): string {
  return text.replace(IN_REPO_CITATION, (_whole, section: string) => methodCitation(section));
}

/**
 * Where the method explains a verdict: the decision table, and the row that decided when there is one
 * (`VPS Doctor method, §3.4 "The decision table", row 2`).
 */
export function verdictMethod(row: number | null): string {
  return `${methodCitation('3.4')}${row === null ? '' : `, row ${row}`}`;
}
