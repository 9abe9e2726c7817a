/**
 * A command's outcome that is not an error to explain but an exit code to
 * return: the command has already said what happened (failed runs listed, an
 * interrupted study's resume line). The CLI returns `code` and prints nothing more.
 */
export class ExitStatus extends Error {
  constructor(readonly code: number) {
    super(`exit status ${code}`);
    this.name = 'ExitStatus';
  }
}
