/**
 * A private key pasted into an input box arrives on one line (the box drops the newlines), so it is
 * rebuilt into canonical PEM before use. Returns undefined when the text is not a PEM private key.
 */
export function normalizePrivateKeyPem(text: string): string | undefined {
  const m = /-----BEGIN ((?:[A-Z]+ )*PRIVATE KEY)-----([\sA-Za-z0-9+/=]+)-----END \1-----/.exec(text.trim());
  if (!m) return undefined;
  const body = m[2].replace(/\s+/g, '');
  if (!body || body.length % 4 !== 0) return undefined;
  const lines = body.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${m[1]}-----\n${lines.join('\n')}\n-----END ${m[1]}-----\n`;
}
