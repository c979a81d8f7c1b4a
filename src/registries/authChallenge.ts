/** One challenge of a WWW-Authenticate header: `Bearer realm="…",service="…"` → { scheme: 'bearer', params }. */
export interface AuthChallenge {
  /** Lower-cased auth scheme: `basic`, `bearer`, `negotiate`, … */
  readonly scheme: string;
  /** Lower-cased parameter names; values unquoted and unescaped. The first of duplicate names wins. */
  readonly params: Readonly<Record<string, string>>;
  /** A token68 credential (`Negotiate abc==`), when the challenge carries one instead of parameters. */
  readonly token68?: string;
}

const TOKEN68 = /^[A-Za-z0-9\-._~+/]+=*/;
const TOKEN = /^[^\s,="]+/;

/**
 * Parses WWW-Authenticate header values tolerantly. Registries in the wild spell challenges many ways
 * (`BASIC`, unquoted values, parameters in any order, spaces around `=`, several challenges in one
 * header or one per header line), so this follows RFC 7235 loosely instead of rejecting input.
 */
export function parseAuthChallenges(header: string | readonly string[] | undefined): AuthChallenge[] {
  if (header === undefined) return [];
  if (typeof header !== 'string') return header.flatMap((h) => parseAuthChallenges(h));

  const challenges: { scheme: string; params: Record<string, string>; token68?: string }[] = [];
  let s = header;
  const skip = (re: RegExp) => {
    const m = re.exec(s);
    if (m) s = s.slice(m[0].length);
  };

  while (true) {
    skip(/^[\s,]+/);
    if (!s) break;
    const tokenMatch = TOKEN.exec(s);
    if (!tokenMatch) {
      // A stray quote or "=": drop one character so malformed input cannot loop forever.
      s = s.slice(1);
      continue;
    }
    const word = tokenMatch[0];
    const afterWord = s.slice(word.length);
    const isParam = /^\s*=/.test(afterWord) && challenges.length > 0;
    if (isParam) {
      s = afterWord;
      skip(/^\s*=\s*/);
      const value = readValue();
      const current = challenges[challenges.length - 1];
      const name = word.toLowerCase();
      if (!(name in current.params)) current.params[name] = value;
      continue;
    }
    // A new challenge: scheme, then optionally a token68 or the first parameter on the same line.
    s = afterWord;
    const challenge: { scheme: string; params: Record<string, string>; token68?: string } = { scheme: word.toLowerCase(), params: {} };
    challenges.push(challenge);
    const spaced = /^[ \t]+/.exec(s);
    if (!spaced) continue;
    s = s.slice(spaced[0].length);
    const t68 = TOKEN68.exec(s);
    // `Negotiate abc==` carries a token68; `Basic realm=` (one "=", empty value) is a parameter.
    if (t68 && /^\s*(,|$)/.test(s.slice(t68[0].length)) && (!t68[0].includes('=') || t68[0].endsWith('=='))) {
      challenge.token68 = t68[0];
      s = s.slice(t68[0].length);
    }
  }
  return challenges;

  function readValue(): string {
    if (s.startsWith('"')) {
      let out = '';
      let i = 1;
      for (; i < s.length; i++) {
        const c = s[i];
        if (c === '\\' && i + 1 < s.length) out += s[++i];
        else if (c === '"') break;
        else out += c;
      }
      s = s.slice(i + 1);
      return out;
    }
    const m = /^[^,]*/.exec(s);
    const value = m ? m[0] : '';
    s = s.slice(value.length);
    return value.trim();
  }
}

/** The first challenge with the given scheme, if any. */
export function findChallenge(challenges: readonly AuthChallenge[], scheme: 'basic' | 'bearer'): AuthChallenge | undefined {
  return challenges.find((c) => c.scheme === scheme);
}
