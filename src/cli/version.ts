import pkg from '../../package.json';

/** The tool's name and version as reports record them. */
export const TOOL = { name: 'vps-doctor', version: (pkg as { version: string }).version } as const;
