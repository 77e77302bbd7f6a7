// The error of a stored file whose bytes are not those that were written: cut short, overwritten
// or changed on disk. One line that names the file, what is wrong and what to do.
export class DamagedFileError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
    /** What the person can do about it, e.g. "import the data set again". */
    readonly remedy: string,
  ) {
    super(`${path}: the file is damaged (${reason}); ${remedy}`);
    this.name = 'DamagedFileError';
  }
}
