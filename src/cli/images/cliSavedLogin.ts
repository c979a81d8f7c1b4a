import { CliUsageError, type CliContext } from '../cliCommand';
import type { CredentialsFor } from '../../containers/registryTagCheck';
import { passwordFromStdin } from '../registries/cliArgs';

/**
 * The CLI has no keychain: `--user U --password-stdin` gives the password of the login a registry row
 * saved for U (the row says which user is logged in); registries logged in as someone else, or not at
 * all, are asked anonymously.
 */
export async function cliSavedLogin(ctx: CliContext, user: string | undefined, passwordStdin: boolean | undefined): Promise<CredentialsFor | undefined> {
  if (Boolean(user) !== Boolean(passwordStdin)) throw new CliUsageError('--user and --password-stdin go together (passwords are never taken as arguments)');
  if (!user) return undefined;
  const password = passwordFromStdin(await ctx.readStdin());
  return async (r) => (r.loggedIn && r.username === user ? { username: user, password } : undefined);
}
