import * as vscode from 'vscode';
import { CommandIds } from '../platform/ids';
import type { MessageNode, RegistryNode, RegistryTreeNode, TagNode } from './registryTreeNodes';
import { relativeTime } from './relativeTime';
import { isLoginNeeded } from '../../registries/loginNeeded';

/** `contextValue` of a node; package.json menus match these with regular expressions. */
export function contextValueOf(node: RegistryTreeNode): string {
  switch (node.type) {
    case 'registry':
      return `registry.${loginState(node)}`;
    case 'repository':
      return node.tracked ? 'repository.tracked' : 'repository.listed';
    case 'tag':
      return 'tag';
    case 'more':
      return 'more';
    case 'viewGroup':
      return 'viewGroup';
    case 'message':
      if (node.kind === 'catalogNotAllowed') return 'registryMessage.catalogRefused';
      if (node.kind === 'unauthorized') return 'registryMessage.unauthorized';
      return `registryMessage.${node.severity}`;
  }
}

function loginState(node: RegistryNode): 'loggedIn' | 'stale' | 'anonymous' {
  if (!node.registry.loggedIn) return 'anonymous';
  return node.registry.lastError ? 'stale' : 'loggedIn';
}

/** The one place a node becomes a TreeItem. */
export function registryTreeItem(node: RegistryTreeNode, now = new Date()): vscode.TreeItem {
  switch (node.type) {
    case 'registry': {
      const r = node.registry;
      const item = new vscode.TreeItem(r.name, vscode.TreeItemCollapsibleState.Collapsed);
      const state = loginState(node);
      if (state === 'loggedIn') {
        item.description = `logged in as ${r.username}, ${r.verifiedAt ? `verified ${relativeTime(r.verifiedAt, now)}` : 'not verified yet'}`;
        item.iconPath = new vscode.ThemeIcon('verified-filled', new vscode.ThemeColor('testing.iconPassed'));
      } else if (state === 'stale') {
        item.description = `login failed: ${firstLine(r.lastError!)}`;
        item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
      } else if (isLoginNeeded(r)) {
        // Imported from Container Kit, whose saved logins stay in its own keychain.
        item.description = vscode.l10n.t('login needed');
        item.iconPath = new vscode.ThemeIcon('account', new vscode.ThemeColor('list.warningForeground'));
      } else {
        item.description = r.lastError ? `anonymous, last check failed: ${firstLine(r.lastError)}` : 'anonymous';
        item.iconPath = new vscode.ThemeIcon(r.lastError ? 'warning' : 'globe');
      }
      const md = new vscode.MarkdownString(undefined, true);
      md.appendMarkdown(`**${escapeMd(r.name)}**\n\n`);
      md.appendMarkdown(`- Address: \`${r.url}\`${r.apiBase ? ` (API ${escapeMd(r.apiBase)})` : ''}\n`);
      md.appendMarkdown(`- Login: ${r.loggedIn ? `${escapeMd(r.username ?? '')}${r.verifiedAt ? `, verified ${r.verifiedAt.toLocaleString()}` : ''}` : 'anonymous'}\n`);
      if (r.insecure) md.appendMarkdown('- TLS: insecure (http allowed, certificates not checked)\n');
      else if (r.caFile) md.appendMarkdown(`- TLS: CA file \`${r.caFile}\`\n`);
      if (r.lastError) md.appendMarkdown(`\n$(warning) ${escapeMd(r.lastError)}\n`);
      item.tooltip = md;
      return withIdentity(item, node);
    }
    case 'repository': {
      const item = new vscode.TreeItem(node.name, vscode.TreeItemCollapsibleState.Collapsed);
      item.iconPath = new vscode.ThemeIcon(node.tracked ? 'pinned' : 'repo');
      if (node.tracked) item.description = 'tracked';
      item.tooltip = `${node.referenceHost}/${node.name}${node.tracked ? ' (tracked by hand)' : ''}`;
      return withIdentity(item, node);
    }
    case 'tag': {
      const item = new vscode.TreeItem(node.tag, vscode.TreeItemCollapsibleState.None);
      item.iconPath = new vscode.ThemeIcon(node.detailError ? 'warning' : 'tag');
      item.description = [node.created ? node.created.toISOString().slice(0, 10) : undefined, node.digest ? shortDigest(node.digest) : undefined, node.detailError ? 'details unavailable' : undefined]
        .filter(Boolean)
        .join('  ');
      item.tooltip = tagTooltip(node);
      return withIdentity(item, node);
    }
    case 'more': {
      const item = new vscode.TreeItem(vscode.l10n.t('Load more…'), vscode.TreeItemCollapsibleState.None);
      item.iconPath = new vscode.ThemeIcon('ellipsis');
      item.command = { title: vscode.l10n.t('Load more'), command: CommandIds.registriesLoadMore, arguments: [node] };
      return withIdentity(item, node);
    }
    case 'viewGroup': {
      const item = new vscode.TreeItem(node.name, vscode.TreeItemCollapsibleState.Expanded);
      item.description = String(node.registries.length);
      item.iconPath = new vscode.ThemeIcon(node.name === 'logged in' ? 'account' : 'circle-outline');
      return withIdentity(item, node);
    }
    case 'message': {
      // The refusal's full sentence is long: a short label, the sentence in the tooltip.
      const label = node.kind === 'catalogNotAllowed' ? vscode.l10n.t('Listing not allowed; track repositories by name…') : node.stored ? storedLabel(node.stored, node.severity) : firstLine(node.message);
      const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
      item.iconPath = node.stored?.refreshing
        ? new vscode.ThemeIcon('history')
        : node.stored && node.severity === 'info'
          ? new vscode.ThemeIcon('debug-disconnect')
          : node.severity === 'error'
            ? new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'))
            : new vscode.ThemeIcon('info');
      item.tooltip = node.message;
      if (node.kind === 'catalogNotAllowed' && node.registryId) {
        item.command = { title: vscode.l10n.t('Track Repository…'), command: CommandIds.registriesTrack, arguments: [node] };
      }
      return withIdentity(item, node);
    }
  }
}

/** The note above a listing drawn from the catalog: its age, and whether the registry answered. */
function storedLabel(stored: NonNullable<MessageNode['stored']>, severity: MessageNode['severity']): string {
  const age = relativeTime(stored.readAt);
  if (stored.refreshing) return vscode.l10n.t('Read {0} · refreshing…', age);
  return severity === 'info' ? vscode.l10n.t('Offline · read {0}', age) : vscode.l10n.t('Not refreshed · read {0}', age);
}

function withIdentity(item: vscode.TreeItem, node: RegistryTreeNode): vscode.TreeItem {
  item.id = node.id;
  item.contextValue = contextValueOf(node);
  return item;
}

function tagTooltip(node: TagNode): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.appendMarkdown(`**${escapeMd(node.repository)}:${escapeMd(node.tag)}**\n\n`);
  md.appendCodeblock(`${node.referenceHost}/${node.repository}:${node.tag}${node.digest ? `\n${node.referenceHost}/${node.repository}@${node.digest}` : ''}`, 'text');
  if (node.digest) md.appendMarkdown(`- Digest: \`${node.digest}\`\n`);
  if (node.mediaType) md.appendMarkdown(`- Manifest: \`${node.mediaType}\`\n`);
  if (node.platforms?.length) md.appendMarkdown(`- Platforms: ${node.platforms.map(escapeMd).join(', ')}\n`);
  if (node.created) md.appendMarkdown(`- Created: ${node.created.toISOString()}\n`);
  if (node.size) md.appendMarkdown(`- Size (compressed): ${(node.size / 1024 / 1024).toFixed(1)} MiB\n`);
  if (node.detailError) md.appendMarkdown(`\n$(warning) ${escapeMd(node.detailError)}\n`);
  return md;
}

function shortDigest(digest: string): string {
  const [alg, hex] = digest.split(':');
  return hex ? `${alg}:${hex.slice(0, 12)}` : digest;
}

function firstLine(s: string): string {
  const line = s.split('\n')[0];
  return line.length > 160 ? `${line.slice(0, 157)}…` : line;
}

function escapeMd(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
