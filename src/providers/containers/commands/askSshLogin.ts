import * as vscode from 'vscode';
import { checkSshKeyFile } from '../../../containers/sshKeyFile';

export interface SshLogin {
  readonly keyFile?: string;
  readonly passphrase?: string;
  readonly password?: string;
}

/**
 * How an ssh:// engine logs in: the agent and the usual ~/.ssh keys, a key file (its passphrase asked for
 * when it is encrypted, checked before it is kept), or a password. Passphrase and password go only to
 * SecretStorage; undefined when the user cancels.
 */
export async function askSshLogin(): Promise<SshLogin | undefined> {
  const how = await vscode.window.showQuickPick(
    [
      { label: vscode.l10n.t('ssh-agent and my ~/.ssh keys'), detail: vscode.l10n.t('As ssh itself would log in: SSH_AUTH_SOCK, then ~/.ssh/id_ed25519, id_ecdsa, id_rsa.'), how: 'default' as const },
      { label: vscode.l10n.t('A key file…'), detail: vscode.l10n.t('The catalog keeps its path; a passphrase goes only to SecretStorage.'), how: 'key' as const },
      { label: vscode.l10n.t('A password…'), detail: vscode.l10n.t('Kept only in VS Code SecretStorage, never in the catalog.'), how: 'password' as const },
    ],
    { placeHolder: vscode.l10n.t('How to log in over SSH'), ignoreFocusOut: true },
  );
  if (!how) return undefined;
  if (how.how === 'default') return {};
  if (how.how === 'password') {
    const password = await vscode.window.showInputBox({ prompt: vscode.l10n.t('SSH password'), password: true, ignoreFocusOut: true });
    return password ? { password } : undefined;
  }
  const keyFile = await vscode.window.showInputBox({
    prompt: vscode.l10n.t('Path of the SSH private key'),
    ignoreFocusOut: true,
    validateInput: async (v) => {
      if (!v) return undefined;
      const r = await checkSshKeyFile(v);
      return typeof r === 'object' ? r.problem : undefined;
    },
  });
  if (!keyFile) return undefined;
  if ((await checkSshKeyFile(keyFile)) !== 'encrypted') return { keyFile };
  const passphrase = await vscode.window.showInputBox({
    prompt: vscode.l10n.t('Passphrase of {0}', keyFile),
    password: true,
    ignoreFocusOut: true,
    validateInput: async (v) => (v && (await checkSshKeyFile(keyFile, v)) === 'ok' ? undefined : vscode.l10n.t('Not the passphrase of this key.')),
  });
  return passphrase ? { keyFile, passphrase } : undefined;
}
