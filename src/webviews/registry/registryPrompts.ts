import * as vscode from 'vscode';
import type { RegistryPrompts } from './registryOperations';

/** The login prompts of the panel's "Log in…" button: VS Code input boxes, so the password never enters the page. */
export const registryPrompts: RegistryPrompts = {
  async credentials(registryName, username) {
    const user = await vscode.window.showInputBox({
      title: vscode.l10n.t('Log in to {0}', registryName),
      prompt: vscode.l10n.t('User name'),
      value: username ?? '',
      ignoreFocusOut: true,
      validateInput: (v) => (!v.trim() ? vscode.l10n.t('Enter a user name.') : v.includes(':') ? vscode.l10n.t('A user name cannot contain ":".') : undefined),
    });
    if (user === undefined) return undefined;
    const password = await vscode.window.showInputBox({
      title: vscode.l10n.t('Log in to {0} as {1}', registryName, user.trim()),
      prompt: vscode.l10n.t('Password or access token (kept only in VS Code\'s secret storage)'),
      password: true,
      ignoreFocusOut: true,
      validateInput: (v) => (!v ? vscode.l10n.t('Enter the password or token.') : undefined),
    });
    if (password === undefined) return undefined;
    return { username: user.trim(), password };
  },
};
