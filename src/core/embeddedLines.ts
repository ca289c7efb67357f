import { isAscii } from 'node:buffer';

/**
 * The lines of one file as they sit, still as bytes, inside a command's output: `bytes[from, to)` cut at
 * LF, every line starting with `prefix` (the `path:` that `grep -H` puts before each line) and otherwise
 * exactly the file's line (nothing dropped), all valid UTF-8. The file's text is those lines without the
 * prefix, each ended by LF. A parser of a big file reads them in place; everything else asks for
 * {@link embeddedText}.
 */
export interface EmbeddedLines {
  readonly bytes: Buffer;
  readonly from: number;
  readonly to: number;
  readonly prefix: string;
}

/**
 * The file's text: the lines without their prefix, each ended by LF. No line holds an LF, so in the
 * decoded range every LF is followed by the next line's prefix.
 */
export function embeddedText(lines: EmbeddedLines): string {
  const { bytes, from, to, prefix } = lines;
  const range = bytes.subarray(from + prefix.length, to);
  // Pure ASCII reads the same as latin1, which Node copies without a UTF-8 pass.
  const decoded = range.toString(isAscii(range) ? 'latin1' : 'utf8');
  return `${decoded.replaceAll(`\n${prefix}`, '\n')}\n`;
}
