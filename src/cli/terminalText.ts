// C0 controls but newline and tab, DEL, C1 controls (0x9b is a one-byte CSI), and the Unicode line
// separators and bidi overrides that reorder what a terminal shows.
const UNSAFE = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const UNSAFE_IN_JSON = /[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text for the terminal: names, tags and messages come from registries and image catalogs, so every
 * control character is made visible (`\x1b`, `\r`, `\u202e`) instead of being interpreted: no escape
 * sequence retitles the window, clears the screen, writes the clipboard or hides what came before.
 */
export function terminalText(text: string): string {
  return text.replace(UNSAFE, (c) => {
    if (c === '\r') return '\\r';
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/**
 * JSON for the terminal: JSON.stringify escapes C0 controls but leaves DEL, C1 and the Unicode controls
 * raw; they are written as \u escapes, so the value parses back exactly as it was.
 */
export function terminalJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, null, indent).replace(UNSAFE_IN_JSON, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
