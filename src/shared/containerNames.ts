/**
 * The names the engines themselves accept for a new container, checked before anything is asked of them:
 * by the launch and run commands, the LXD instance operations and the Launch panel (page and host), so
 * every path refuses the same names with the same words. Shared with the page bundle, so no imports.
 */

/** LXD's instance name rule: a hostname label. */
export const LXD_INSTANCE_NAME = /^[a-zA-Z](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$/;

/** What Docker and Podman accept as a container name. */
export const ENGINE_CONTAINER_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

export const LXD_NAME_RULE = 'An LXD instance name starts with a letter, has only letters, digits and "-", and does not end with "-" (at most 63).';
export const ENGINE_NAME_RULE = 'A container name starts with a letter or digit and has only letters, digits, "_", "." and "-".';

/** The problem with `name` for a new container on an engine of `kind`, or undefined when the engine would take it. */
export function containerNameProblem(kind: 'lxd' | 'podman' | 'docker', name: string): string | undefined {
  if (!name.trim()) return 'Enter a name for the new container.';
  if (kind === 'lxd') return LXD_INSTANCE_NAME.test(name) ? undefined : LXD_NAME_RULE;
  return name.length <= 128 && ENGINE_CONTAINER_NAME.test(name) ? undefined : ENGINE_NAME_RULE;
}
