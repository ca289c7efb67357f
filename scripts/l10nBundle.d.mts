/** Every marked message of `<root>/src`, with the files it appears in. */
export function extractMessages(root?: string): Map<string, string[]>;
/** The English bundle: every message mapped to itself, sorted. */
export function englishBundle(root?: string): Record<string, string>;
