/**
 * Edits of a config table and a device list, shared by the panels that have them (container,
 * profile). Types only: imported by both the extension and the page.
 */

export interface KeyValue {
  key: string;
  value: string;
}

/** Edits carry the version they were based on; PanelSession refuses stale ones. */
type Edit = { requestId: number; version: string };

export type ConfigEditRequest =
  | ({ type: 'setConfig'; key: string; value: string } & Edit)
  | ({ type: 'unsetConfig'; key: string } & Edit)
  | ({ type: 'addDevice'; device: string; config: Record<string, string> } & Edit)
  | ({ type: 'removeDevice'; device: string } & Edit);
