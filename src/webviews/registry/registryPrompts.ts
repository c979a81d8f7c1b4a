import * as vscode from 'vscode';
import type { RegistryPrompts } from './registryOperations';

/** The login prompts of the panel's "Log in…" button: VS Code input boxes, so the password never enters the page. */
export const registryPrompts: RegistryPrompts = {
  async credentials(registryName, username) {
    const user = await vscode.window.showInputBox({
      title: `Log in to ${registryName}`,
      prompt: 'User name',
      value: username ?? '',
      ignoreFocusOut: true,
      validateInput: (v) => (!v.trim() ? 'Enter a user name.' : v.includes(':') ? 'A user name cannot contain ":".' : undefined),
    });
    if (user === undefined) return undefined;
    const password = await vscode.window.showInputBox({
      title: `Log in to ${registryName} as ${user.trim()}`,
      prompt: 'Password or access token (kept only in VS Code\'s secret storage)',
      password: true,
      ignoreFocusOut: true,
      validateInput: (v) => (!v ? 'Enter the password or token.' : undefined),
    });
    if (password === undefined) return undefined;
    return { username: user.trim(), password };
  },
};
