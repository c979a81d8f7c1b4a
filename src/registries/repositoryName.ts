// Grammar from the distribution spec: path components of lowercase alphanumerics joined by separators.
const COMPONENT = /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;

/** Returns a sentence saying what is wrong with a repository name, or undefined when it is valid. */
export function validateRepositoryName(name: string): string | undefined {
  const n = name.trim();
  if (!n) return 'The repository name is empty.';
  if (n.length > 255) return 'The repository name is longer than 255 characters.';
  if (n.includes(':') || n.includes('@')) return `"${n}" includes a tag or digest; enter only the repository name (e.g. "team/app").`;
  if (n !== n.toLowerCase()) return `Repository names are lowercase: "${n.toLowerCase()}"?`;
  const bad = n.split('/').find((c) => !COMPONENT.test(c));
  if (bad !== undefined) {
    return bad === ''
      ? `"${n}" has an empty path part (leading, trailing or double "/").`
      : `The part "${bad}" of "${n}" is not valid: use lowercase letters and digits, separated by ".", "_", "__" or "-".`;
  }
  return undefined;
}

export function validateReference(reference: string): string | undefined {
  if (TAG.test(reference) || DIGEST.test(reference)) return undefined;
  return `"${reference}" is neither a tag (letters, digits, "_", ".", "-"; up to 128) nor a digest (sha256:…).`;
}
