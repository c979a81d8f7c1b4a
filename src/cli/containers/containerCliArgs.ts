import { CliUsageError } from '../cliCommand';
import { parseCliArgs } from '../parseCliArgs';

/**
 * parseCliArgs (util.parseArgs) for the containers commands, with an unknown option worded as these
 * commands always did ("unknown option --engin"), which scripts and tests match.
 */
export const parseContainerCliArgs: typeof parseCliArgs = (args, options, positionals) => {
  try {
    return parseCliArgs(args, options, positionals);
  } catch (e) {
    const unknown = e instanceof CliUsageError ? /^Unknown option '([^']+)'/.exec(e.message) : null;
    if (unknown) throw new CliUsageError(`unknown option ${unknown[1]}`);
    throw e;
  }
};
