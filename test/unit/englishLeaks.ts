/** The English-leak checks of the Japanese tests: Japanese text, and no run of English words left in it. */
import assert from 'node:assert/strict';

/** Japanese text: kana or kanji. */
export const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;

/**
 * Runs of three or more English words (a sentence or a phrase left untranslated), outside code blocks and
 * quoted commands. Identifiers are single words (tcpsndbuf, ListenOverflows, net.ipv4.tcp_wmem), so they
 * never make a run.
 */
export function englishRuns(text: string): string[] {
  const prose = text
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/"[^"\n]*"/g, ' ')
    .replace(/\\/g, '');
  return prose.match(/\b[A-Za-z][a-z]+(?:[ ,]+[a-z]{2,}){2,}\b/g) ?? [];
}

export function assertJapanese(text: string | undefined, what: string): void {
  assert.ok(text !== undefined, `${what}: missing`);
  assert.match(text, JAPANESE, `${what}: not Japanese: ${text}`);
  assert.deepEqual(englishRuns(text), [], `${what}: English left in ${JSON.stringify(text)}`);
}
