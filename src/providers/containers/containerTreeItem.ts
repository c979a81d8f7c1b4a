import * as vscode from 'vscode';
import { CommandIds } from '../platform/ids';
import { containerFileUri } from './containerFileSystem';
import { deviceSummary } from './containerTreeModel';
import type { ContainerTreeNode, GroupKind } from './containerTreeNodes';

// Functions, not constants: the translated strings are read when a row is drawn, after VS Code loaded the bundle.
const sectionLabel = (s: 'config' | 'devices' | 'profiles' | 'snapshots'): string =>
  ({ config: vscode.l10n.t('Config'), devices: vscode.l10n.t('Devices'), profiles: vscode.l10n.t('Profiles'), snapshots: vscode.l10n.t('Snapshots') })[s];
const groupLabel = (g: GroupKind): string =>
  ({
    profiles: vscode.l10n.t('Profiles'),
    networks: vscode.l10n.t('Networks'),
    storage: vscode.l10n.t('Storage'),
    images: vscode.l10n.t('Images'),
    certificates: vscode.l10n.t('Trusted Certificates'),
    config: vscode.l10n.t('Server Config'),
  })[g];
const GROUP_ICON = { profiles: 'layers', networks: 'type-hierarchy', storage: 'database', images: 'file-binary', certificates: 'workspace-trusted', config: 'server' } as const;
const FACT_ICON = { alias: 'tag', property: 'symbol-property', source: 'cloud-download' } as const;

/**
 * contextValue: `<type>` plus dotted facts menus match with regex, e.g. `container.lxd.running`, `container.lxd.stopped.cluster`,
 * `engine.podman`, `configKey.local`.
 */
function contextValue(node: ContainerTreeNode): string {
  switch (node.type) {
    case 'engine':
      return `engine.${node.engine.kind}`;
    case 'container':
      // `unreachable`: the engine did not answer, so no action is offered until it does. `.cluster`: the
      // instance lives on an LXD cluster member, so moving it to another member is offered.
      return `container.${node.kind}.${node.live ? (node.live.running ? 'running' : 'stopped') : 'unreachable'}${node.live?.location ? '.cluster' : ''}`;
    case 'member':
      // `member.online`, `member.evacuated`, `member.offline`…: evacuate is offered on an online one, restore on an evacuated one.
      return `member.${node.member.status.toLowerCase()}`;
    case 'configKey':
    case 'device':
      return `${node.type}.${node.local ? 'local' : 'inherited'}`;
    case 'image':
      return node.outdated ? 'image.outdated' : 'image';
    case 'file':
      // `file.root`, `file.directory`, `file.file`, `file.symlink`.
      return `file.${node.root ? 'root' : node.fileType}`;
    default:
      return node.type;
  }
}

/**
 * Leaves with a detail panel (profiles, networks, storage volumes) open it on click; nodes with children
 * (containers, storage pools) expand on click and open theirs from the "Open Details" menu.
 */
function openDetails(command: string, node: ContainerTreeNode): vscode.Command {
  return { title: vscode.l10n.t('Open Details'), command, arguments: [node] };
}

/** The one place nodes become tree items. */
export function containerTreeItem(node: ContainerTreeNode): vscode.TreeItem {
  const C = vscode.TreeItemCollapsibleState;
  let item: vscode.TreeItem;
  switch (node.type) {
    case 'engine': {
      item = new vscode.TreeItem(node.engine.name, C.Expanded);
      item.description = node.status.label;
      item.tooltip = `${node.engine.kind} · ${node.engine.endpoint ?? 'catalog only'}\n${node.status.label}`;
      item.iconPath = new vscode.ThemeIcon(
        node.status.health === 'unreachable' || node.status.health === 'error' ? 'debug-disconnect' : node.engine.kind === 'catalog' ? 'notebook' : 'server-environment',
        node.status.health === 'unreachable' || node.status.health === 'error' ? new vscode.ThemeColor('problemsWarningIcon.foreground') : undefined,
      );
      break;
    }
    case 'container': {
      item = new vscode.TreeItem(node.name, C.Collapsed);
      const live = node.live;
      item.description = live ? [live.status, ...live.ipv4.slice(0, 1)].join(' · ') : node.kind === 'catalog' ? 'draft' : 'state unknown';
      // In a group of the view's grouping (state, profile) containers of every engine meet: name the engine.
      if (node.id.startsWith('view/')) item.description = `${item.description} · ${node.engine}`;
      item.iconPath = live?.running
        ? new vscode.ThemeIcon('vm-running', new vscode.ThemeColor('testing.iconPassed'))
        : live
          ? new vscode.ThemeIcon('vm-outline')
          : new vscode.ThemeIcon('vm', new vscode.ThemeColor('disabledForeground'));
      item.tooltip = [
        `${node.name} (${node.engine})`,
        live ? `${live.status}${live.ipv4.length ? ` · ${live.ipv4.join(', ')}` : ''}${live.pid ? ` · pid ${live.pid}` : ''}` : 'state unknown',
        node.profiles.length ? `profiles: ${node.profiles.join(', ')}` : '',
        node.snapshots ? `${node.snapshots} snapshot(s)` : '',
      ].filter(Boolean).join('\n');
      break;
    }
    case 'section':
      item = new vscode.TreeItem(sectionLabel(node.section), node.count ? C.Collapsed : C.None);
      item.description = String(node.count);
      item.iconPath = new vscode.ThemeIcon({ config: 'settings', devices: 'plug', profiles: 'layers', snapshots: 'history' }[node.section]);
      break;
    case 'configKey':
      item = new vscode.TreeItem(node.key, C.None);
      item.description = `${node.value}${node.local ? '' : ` · ${node.origin}`}`;
      item.tooltip = `${node.key} = ${node.value}\nfrom ${node.origin}`;
      break;
    case 'device':
      item = new vscode.TreeItem(node.name, C.None);
      item.description = `${deviceSummary(node.config)}${node.local ? '' : ` · ${node.origin}`}`;
      item.tooltip = `${Object.entries(node.config).map(([k, v]) => `${k}: ${v}`).join('\n')}\nfrom ${node.origin}`;
      item.iconPath = new vscode.ThemeIcon(node.config.type === 'nic' ? 'plug' : node.config.type === 'disk' ? 'database' : node.config.type === 'proxy' ? 'arrow-swap' : 'circuit-board');
      break;
    case 'profileRef':
      item = new vscode.TreeItem(node.profile, C.None);
      item.description = `#${node.order + 1}`;
      item.iconPath = new vscode.ThemeIcon('layers');
      item.command = openDetails(CommandIds.profilesOpenDetails, node);
      break;
    case 'snapshot':
      item = new vscode.TreeItem(node.snapshot, C.None);
      item.iconPath = new vscode.ThemeIcon('history');
      break;
    case 'group':
      item = new vscode.TreeItem(groupLabel(node.group), node.count ? C.Collapsed : C.None);
      item.description = String(node.count);
      item.iconPath = new vscode.ThemeIcon(GROUP_ICON[node.group]);
      break;
    case 'profile':
      item = new vscode.TreeItem(node.name, C.None);
      item.description = node.description;
      item.iconPath = new vscode.ThemeIcon('layers');
      item.command = openDetails(CommandIds.profilesOpenDetails, node);
      break;
    case 'network':
      item = new vscode.TreeItem(node.name, C.None);
      item.description = node.description;
      item.iconPath = new vscode.ThemeIcon('type-hierarchy');
      item.command = openDetails(CommandIds.networksOpenDetails, node);
      break;
    case 'pool':
      item = new vscode.TreeItem(node.name, node.volumes ? C.Collapsed : C.None);
      item.description = `${node.driver} · ${node.volumes} volume(s)`;
      item.iconPath = new vscode.ThemeIcon('database');
      break;
    case 'volume':
      item = new vscode.TreeItem(node.name, C.None);
      item.description = node.volumeType;
      item.iconPath = new vscode.ThemeIcon('archive');
      item.command = openDetails(CommandIds.storageVolumesOpenDetails, node);
      break;
    case 'image':
      // An LXD image expands to its aliases, source and properties (a Podman/Docker image's tags are its label).
      item = new vscode.TreeItem(node.aliases[0] ?? node.fingerprint.slice(0, 12), node.kind === 'lxd' ? C.Collapsed : C.None);
      item.description = node.outdated
        ? vscode.l10n.t('outdated · {0} · {1} MB', node.fingerprint.slice(0, 12), (node.size / 1024 / 1024).toFixed(1))
        : `${node.fingerprint.slice(0, 12)} · ${(node.size / 1024 / 1024).toFixed(1)} MB`;
      item.tooltip = `${node.fingerprint}\n${node.aliases.join('\n')}${node.outdated ? `\n${vscode.l10n.t('Outdated: its source serves a newer build. Pull Image Again to update it.')}` : ''}`;
      item.iconPath = node.outdated ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground')) : new vscode.ThemeIcon('file-binary');
      break;
    case 'imageFact':
      // The source's server can be long: the row says "Source" first, the address follows.
      item = new vscode.TreeItem(node.fact === 'source' ? vscode.l10n.t('Source') : node.label, C.None);
      item.description =
        node.fact === 'source'
          ? `${node.label} · ${node.value}`
          : node.fact === 'alias'
            ? [vscode.l10n.t('alias'), node.value].filter(Boolean).join(' · ')
            : node.value;
      item.tooltip =
        node.fact === 'alias'
          ? [vscode.l10n.t('Alias {0}', node.label), node.value].filter(Boolean).join('\n')
          : node.fact === 'source'
            ? vscode.l10n.t('Fetched from {0} ({1}); LXD follows it for updates', node.label, node.value)
            : `${node.label} = ${node.value}`;
      item.iconPath = new vscode.ThemeIcon(FACT_ICON[node.fact]);
      break;
    case 'certificate': {
      const expired = node.expires !== null && node.expires < Date.now();
      const expiry = node.expires === null ? vscode.l10n.t('expiry unknown') : new Date(node.expires).toISOString().slice(0, 10);
      item = new vscode.TreeItem(node.name || node.fingerprint.slice(0, 12), C.None);
      item.description = `${expired ? vscode.l10n.t('expired {0}', expiry) : vscode.l10n.t('expires {0}', expiry)} · ${node.fingerprint.slice(0, 12)}`;
      item.tooltip = [
        `${node.name} (${node.certType})`,
        vscode.l10n.t('Fingerprint: {0}', node.fingerprint),
        node.commonName ? vscode.l10n.t('Subject: {0}', node.commonName) : '',
        node.expires === null ? vscode.l10n.t('expiry unknown') : vscode.l10n.t('Valid until {0}', new Date(node.expires).toISOString()),
      ].filter(Boolean).join('\n');
      item.iconPath = new vscode.ThemeIcon(expired ? 'workspace-untrusted' : 'workspace-trusted', expired ? new vscode.ThemeColor('problemsWarningIcon.foreground') : undefined);
      break;
    }
    case 'serverConfig':
      item = new vscode.TreeItem(node.key, C.None);
      item.description = node.value;
      item.tooltip = `${node.key} = ${node.value}`;
      item.iconPath = new vscode.ThemeIcon('symbol-key');
      break;
    case 'member': {
      const m = node.member;
      item = new vscode.TreeItem(m.name, node.containers.length ? C.Expanded : C.None);
      const roles = m.roles.length ? m.roles.join(', ') : vscode.l10n.t('no roles');
      item.description = `${m.status} · ${node.containers.length} · ${roles}`;
      item.tooltip = [vscode.l10n.t('Cluster member {0} of {1}', m.name, node.engine), m.url, `${m.status}${m.message ? ` · ${m.message}` : ''}`, roles].join('\n');
      item.iconPath = m.online
        ? new vscode.ThemeIcon('server', new vscode.ThemeColor('testing.iconPassed'))
        : new vscode.ThemeIcon(m.status === 'Evacuated' ? 'debug-pause' : 'debug-disconnect', new vscode.ThemeColor('problemsWarningIcon.foreground'));
      break;
    }
    case 'viewGroup':
      item = new vscode.TreeItem(node.name, node.containers.length ? C.Expanded : C.None);
      item.description = String(node.containers.length);
      item.tooltip = `${node.grouping}: ${node.name}`;
      item.iconPath = new vscode.ThemeIcon(node.grouping === 'profile' ? 'layers' : 'symbol-enum');
      break;
    case 'file': {
      const uri = containerFileUri(node.engine, node.container, node.path);
      if (node.root) {
        item = new vscode.TreeItem(vscode.l10n.t('Files'), C.Collapsed);
        item.iconPath = new vscode.ThemeIcon('files');
        item.tooltip = vscode.l10n.t('The files of {0}, read from the engine when a folder is expanded', node.container);
        break;
      }
      // The resource URI gives the row the file icon theme's icon and the label its name.
      item = new vscode.TreeItem(uri, node.fileType === 'directory' ? C.Collapsed : C.None);
      item.iconPath = node.fileType === 'directory' ? vscode.ThemeIcon.Folder : vscode.ThemeIcon.File;
      if (node.fileType === 'symlink') item.description = vscode.l10n.t('symbolic link');
      item.tooltip = node.path;
      if (node.fileType !== 'directory') item.command = { title: vscode.l10n.t('Open'), command: 'vscode.open', arguments: [uri] };
      break;
    }
    case 'message':
      item = new vscode.TreeItem(node.message, C.None);
      item.tooltip = node.detail ? `${node.message}\n${node.detail}` : node.message;
      item.iconPath = new vscode.ThemeIcon(node.severity === 'error' ? 'error' : 'info', node.severity === 'error' ? new vscode.ThemeColor('errorForeground') : undefined);
      break;
  }
  item.id = node.id;
  item.contextValue = contextValue(node);
  return item;
}
