import { writeFile } from 'node:fs/promises';
import * as vscode from 'vscode';

/** Opens text in an untitled editor (preview). */
export async function openText(content: string, language: string): Promise<void> {
  const doc = await vscode.workspace.openTextDocument({ content, language });
  await vscode.window.showTextDocument(doc, { preview: true });
}

/** Writes YAML to `file` when given, else opens it in an editor unless `show` is false. Returns the text. */
export async function outputYaml(text: string, to: { readonly file?: string; readonly show?: boolean } | undefined): Promise<string> {
  if (to?.file !== undefined) await writeFile(to.file, text);
  else if (to?.show !== false) await openText(text, 'yaml');
  return text;
}
