import { Document, isMap, isPair, isScalar } from 'yaml';
import type { EffectiveConfig, Origin } from './effectiveConfig';
import { originLabel } from './effectiveConfig';

/**
 * The effective configuration as YAML (`expanded_config` / `expanded_devices`), each value annotated
 * with where it came from and what it overrides.
 */
export function effectiveConfigYaml(title: string, profiles: readonly string[], e: EffectiveConfig): string {
  const doc = new Document({
    config: Object.fromEntries(Object.entries(e.config).map(([k, v]) => [k, v.value])),
    devices: Object.fromEntries(Object.entries(e.devices).map(([k, v]) => [k, v.config])),
  });
  const note = (o: Origin, over: readonly Origin[]): string =>
    ` ${originLabel(o)}${over.length ? ` (overrides ${over.map(originLabel).join(', ')})` : ''}`;
  const cfg = doc.get('config', true);
  if (isMap(cfg)) {
    for (const pair of cfg.items) {
      if (!isPair(pair) || !isScalar(pair.key) || !isScalar(pair.value)) continue;
      const v = e.config[String(pair.key.value)];
      if (v) pair.value.comment = note(v.origin, v.overrides);
    }
  }
  const devs = doc.get('devices', true);
  if (isMap(devs)) {
    for (const pair of devs.items) {
      if (!isPair(pair) || !isScalar(pair.key)) continue;
      const d = e.devices[String(pair.key.value)];
      if (d) pair.key.comment = note(d.origin, d.overrides);
    }
  }
  const order = profiles.length ? `profiles ${profiles.join(' → ')}, then the container` : 'no profiles; the container only';
  doc.commentBefore = ` Effective configuration of ${title}: ${order}.` + (e.missingProfiles.length ? `\n Not in the catalog: ${e.missingProfiles.join(', ')}.` : '');
  return doc.toString({ lineWidth: 0 });
}
