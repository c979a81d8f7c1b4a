const SQLITE_HEADER = 'SQLite format 3\0';

/**
 * Why `bytes` cannot be a whole SQLite database, judged from its 100-byte header alone (no page is
 * read): no header, a bad page size, or a length that disagrees with the page count the header
 * records (a file cut short by a crash or a truncating program). Undefined if it may be one.
 * Cheap enough to run on every reload of a 20 MB catalog.
 */
export function sqliteFileProblem(bytes: Uint8Array): string | undefined {
  if (bytes.length === 0) return 'the file is empty (0 bytes)';
  if (bytes.length < 100 || Buffer.from(bytes.subarray(0, 16)).toString('latin1') !== SQLITE_HEADER) return 'no SQLite header';
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const raw = view.getUint16(16);
  const pageSize = raw === 1 ? 65536 : raw;
  if (pageSize < 512 || (pageSize & (pageSize - 1)) !== 0) return `bad page size ${raw} in the header`;
  if (bytes.length % pageSize !== 0) return `the file is ${bytes.length} bytes, not a whole number of ${pageSize}-byte pages (cut short?)`;
  // The header's page count is valid only when its "version-valid-for" matches the change counter.
  const changeCounter = view.getUint32(24);
  const pages = view.getUint32(28);
  if (pages !== 0 && view.getUint32(92) === changeCounter && pages * pageSize > bytes.length) {
    return `the file is ${bytes.length} bytes but its header counts ${pages} pages of ${pageSize} bytes (cut short)`;
  }
  return undefined;
}
