/**
 * The lines of one file as they sit inside a larger decoded output, before anything is copied out:
 * `source[from, to)` cut at LF, every line starting with `prefix` (the `path:` that `grep -H` puts
 * before each line). The file's text is those lines without the prefix, each ended by LF. Parsers
 * of big files read them in place; everything else asks for {@link embeddedText}.
 */
export interface EmbeddedLines {
  readonly source: string;
  readonly from: number;
  readonly to: number;
  readonly prefix: string;
}

/** The file's text: the lines without their prefix, each ended by LF. No line holds an LF, so the prefix follows each one. */
export function embeddedText(lines: EmbeddedLines): string {
  const { source, from, to, prefix } = lines;
  return `${source.slice(from + prefix.length, to).replaceAll(`\n${prefix}`, '\n')}\n`;
}
