import * as assert from 'node:assert/strict';
import { CliUsageError } from '../../../src/cli/cliCommand';
import { parseCliArgs, positiveInt } from '../../../src/cli/parseCliArgs';

// The one option parser of every CLI command: its usage errors are what a user reads after a typo.
describe('parseCliArgs', () => {
  const options = { json: { type: 'boolean' }, tail: { type: 'string' } } as const;

  it('parses options and positionals', () => {
    const p = parseCliArgs(['web', '--json', '--tail', '5'], options, 1);
    assert.deepEqual(p.positionals, ['web']);
    assert.equal(p.values.json, true);
    assert.equal(p.values.tail, '5');
  });

  it('words an unknown option as the CLI does, without Node\'s advice about "--"', () => {
    assert.throws(() => parseCliArgs(['web', '--tial', '5'], options, 1), (e: unknown) => e instanceof CliUsageError && e.message === 'unknown option --tial');
  });

  it('says a missing option value', () => {
    assert.throws(() => parseCliArgs(['web', '--tail'], options, 1), (e: unknown) => e instanceof CliUsageError && /--tail/.test(e.message) && !/To specify a positional/.test(e.message));
  });

  it('counts positionals: exact, a range, at least', () => {
    assert.throws(() => parseCliArgs([], options, 1), /expected 1 argument, got 0/);
    assert.throws(() => parseCliArgs(['a', 'b', 'c'], options, [1, 2]), /expected 1 to 2 arguments, got 3 \(a b c\)/);
    assert.throws(() => parseCliArgs([], options, [1, Infinity]), /expected at least 1 argument, got 0/);
    assert.equal(parseCliArgs(['a', 'b', 'c'], options, [1, Infinity]).positionals.length, 3);
  });

  it('reads a positive whole number', () => {
    assert.equal(positiveInt('12', 'tail'), 12);
    assert.equal(positiveInt(undefined, 'tail'), undefined);
    for (const bad of ['0', '-1', '1.5', 'ten', '']) assert.throws(() => positiveInt(bad, 'tail'), /--tail must be a positive whole number/);
  });
});
