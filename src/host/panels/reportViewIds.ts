/**
 * The ids of the report views, kept free of `vscode` so a test can check them against
 * package.json once they are contributed there.
 */

/** The report panel's webview type: also the key of its serializer (restored after a reload). */
export const REPORT_PANEL_TYPE = 'vpsDoctor.report';
/** The "Latest Result" webview view in the VPS Doctor sidebar. */
export const LATEST_RESULT_VIEW = 'vpsDoctor.latestResult';
