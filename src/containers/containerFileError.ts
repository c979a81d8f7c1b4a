// Apart from containerFiles (and tar) so the file system face can tell these errors apart without loading it.

/** A file-level error the face turns into the matching FileSystemError. */
export class ContainerFileError extends Error {
  constructor(
    readonly code: 'notFound' | 'isDirectory' | 'notDirectory' | 'exists' | 'noPermission',
    message: string,
  ) {
    super(message);
    this.name = 'ContainerFileError';
  }
}
