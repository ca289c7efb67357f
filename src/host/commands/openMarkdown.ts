import * as vscode from 'vscode';

/** Opens Markdown text as an untitled document in the preview (nothing is written to disk). */
export async function openMarkdown(content: string): Promise<void> {
  const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content });
  await vscode.commands.executeCommand('markdown.showPreview', doc.uri);
}
