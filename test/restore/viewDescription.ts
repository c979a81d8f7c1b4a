import { queryPage } from '../integration/support/page';

/** The three views' descriptions as their headers show them (Containers, Registries, Image Sources). */
export async function viewDescriptions(): Promise<string[]> {
  const one = async (name: string): Promise<string> => (await queryPage(`.pane > .pane-header[aria-label^="${name}"] .description`)).map((d) => d.text.trim()).join('');
  return [await one('Containers'), await one('Registries'), await one('Image Sources')];
}

/** What the before-reload half sets, as the descriptions read. */
export const KEPT_DESCRIPTIONS = ['filtered: "ct-" · sorted by created', 'by login', 'by distribution · sorted by updated'];
