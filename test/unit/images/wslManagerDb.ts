import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { wslManagerFixtureContent, wslManagerFixtureDir, type WslFixtureContent } from '../../fixtures/generateWslManagerFixtures';

export { SCHEMA_VERSIONS } from '../../fixtures/generateWslManagerFixtures';

/** A checked-in Wsl-Manager fixture copied to a folder of the test's own, and what it holds. */
export interface WslFixture extends WslFixtureContent {
  /** The copy's images.db. */
  readonly file: string;
}

/**
 * Copies test/fixtures/wsl-manager-v<version>/ (images.db and the tarballs beside it, made by
 * generateWslManagerFixtures.ts) into `dir`, so a test may add files next to it without touching the
 * checked-in ones.
 */
export function copyWslManagerFixture(dir: string, version: number): WslFixture {
  cpSync(wslManagerFixtureDir(version), dir, { recursive: true });
  return { file: join(dir, 'images.db'), ...wslManagerFixtureContent(version) };
}
