import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { RegistryError } from './registryError';

/** Reads a PEM CA file, or throws a RegistryError (kind `caFile`) saying why it cannot be used. */
export async function readCaFile(file: string, registry: string): Promise<string> {
  let pem: string;
  try {
    pem = await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'not found' : code === 'EISDIR' ? 'a folder, not a file' : (code ?? String(e));
    throw new RegistryError('caFile', `The CA file for ${registry} cannot be read: ${file} (${why}).`, { cause: e });
  }
  try {
    new X509Certificate(pem);
  } catch (e) {
    throw new RegistryError('caFile', `The CA file for ${registry} is not a PEM certificate: ${file}.`, { cause: e });
  }
  return pem;
}
