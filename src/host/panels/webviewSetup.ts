import * as vscode from 'vscode';
import { webviewPage, type PageView } from '../../core/report/htmlCsp';
import { displayPageL10n } from '../l10n';

/** Scripts on, forms and command links off, local files only from dist/ and media/ (docs/security.md §3.4). */
export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return {
    enableScripts: true,
    enableForms: false,
    enableCommandUris: false,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

/** Sets the webview's options and its HTML: the shared builder with a fresh nonce for this render. */
export function setUpWebview(webview: vscode.Webview, extensionUri: vscode.Uri, view: PageView, title: string): void {
  webview.options = webviewOptions(extensionUri);
  webview.html = webviewPage({
    cspSource: webview.cspSource,
    scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview.js')).toString(),
    styleUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'report.css')).toString(),
    view,
    title,
    l10n: displayPageL10n(),
  }).html;
}
