import * as vscode from 'vscode';

/** Asks how to trust the registry's TLS: system CAs, a CA file, or insecure. Undefined when cancelled. */
export async function promptTls(
  title: string,
  scheme: 'http' | 'https',
  current: { insecure: boolean; caFile: string | null },
): Promise<{ insecure: boolean; caFile: string | null } | undefined> {
  const items: (vscode.QuickPickItem & { choice: 'system' | 'ca' | 'insecure' })[] = [
    { label: '$(lock) Verify with the system certificates', description: scheme === 'http' ? '(plain http address: no TLS is used)' : 'default', choice: 'system' },
    { label: '$(file) Verify with a CA certificate file…', description: current.caFile ?? 'self-signed or corporate CA', choice: 'ca' },
    { label: '$(unlock) Insecure', description: 'allow http and skip certificate verification', choice: 'insecure' },
  ];
  const active = current.insecure ? items[2] : current.caFile ? items[1] : items[0];
  active.detail = 'current setting';
  const picked = await vscode.window.showQuickPick(items, { title, placeHolder: vscode.l10n.t('How should the registry certificate be trusted?') });
  if (!picked) return undefined;
  if (picked.choice === 'system') return { insecure: false, caFile: null };
  if (picked.choice === 'insecure') return { insecure: true, caFile: null };
  const files = await vscode.window.showOpenDialog({
    title: vscode.l10n.t('CA certificate (PEM)'),
    canSelectMany: false,
    filters: { 'PEM certificates': ['crt', 'pem', 'cer'], 'All files': ['*'] },
  });
  if (!files?.length) return undefined;
  return { insecure: false, caFile: files[0].fsPath };
}
