import type { BuildOptions } from 'esbuild';

export declare const LAZY_ENTRY: string;
export declare function nodeBundle(entry: string, outfile: string, opts?: { production?: boolean }): BuildOptions;
