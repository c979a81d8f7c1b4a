import * as vscode from 'vscode';
import type { HostKeyQuestion } from '../../containers/sshTunnel';
import { calledByCode } from '../common/calledByCode';

/**
 * Asks, as `ssh` does on a first connection, whether to trust a host key no known_hosts file lists. Modal:
 * the answer decides whether the connection goes on. A trusted key is recorded in the extension's own
 * known_hosts file, so it is asked once per host. Under a command called by code nobody is asked (undefined):
 * the connection fails naming the key, whichever action met it first.
 */
export async function confirmHostKey(q: HostKeyQuestion): Promise<boolean | undefined> {
  if (calledByCode()) return undefined;
  const trust = vscode.l10n.t('Trust and Connect');
  const answer = await vscode.window.showWarningMessage(
    vscode.l10n.t('The authenticity of host {0} cannot be established.', q.port === 22 ? q.host : `${q.host}:${q.port}`),
    {
      modal: true,
      detail: vscode.l10n.t(
        'Its {0} key fingerprint is {1}. It is in none of your known_hosts files. Compare it with the fingerprint on the server (ssh-keygen -lf on its host key) before you trust it.',
        q.keyType,
        q.fingerprint,
      ),
    },
    trust,
  );
  return answer === trust;
}
