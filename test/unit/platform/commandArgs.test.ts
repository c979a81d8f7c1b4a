import * as assert from 'node:assert/strict';
import { ArgumentError, commandOfArgs, confirmedByArgs, readArgs, requiredArg } from '../../../src/providers/common/commandArgs';

const SPEC = { engine: 'string', name: 'string', value: 'string', confirmed: 'boolean' } as const;

describe('command argument objects: called by code, never asked', () => {
  it('an object read by readArgs knows its command, unseen by keys and JSON; nothing else does', () => {
    const a = readArgs('x.cmd', { engine: 'lxd' }, SPEC);
    assert.equal(commandOfArgs(a), 'x.cmd');
    assert.deepEqual(Object.keys(a!), ['engine']);
    assert.equal(JSON.stringify(a), '{"engine":"lxd"}');
    // What a command builds itself to steer a picker, a node, or nothing: not an argument object.
    assert.equal(commandOfArgs({ engine: 'lxd' }), undefined);
    assert.equal(commandOfArgs(readArgs('x.cmd', undefined, SPEC)), undefined);
  });

  it('requiredArg: the value when given; a missing or empty one rejected naming the command and key; undefined without an argument object', () => {
    const a = readArgs('x.cmd', { engine: 'lxd', name: '' }, SPEC);
    assert.equal(requiredArg(a, 'engine'), 'lxd');
    assert.throws(() => requiredArg(a, 'value'), (e: Error) => e instanceof ArgumentError && e.message === 'Invalid command argument: x.cmd: "value" is required.');
    assert.throws(() => requiredArg(a, 'name', ' (the new name)'), /x\.cmd: "name" is required \(the new name\)\./);
    assert.equal(requiredArg(undefined as typeof a, 'value'), undefined);
    // An object a command built itself (no command attached) still lets the command ask.
    assert.equal(requiredArg({ engine: 'lxd' } as { engine?: string; value?: string }, 'value'), undefined);
  });

  it('confirmedByArgs: true with confirmed: true; an argument object without it is refused; the palette is asked', () => {
    assert.equal(confirmedByArgs(readArgs('x.del', { confirmed: true }, SPEC)), true);
    assert.throws(() => confirmedByArgs(readArgs('x.del', { engine: 'lxd' }, SPEC)), /x\.del: "confirmed": true is required when called with an argument object/);
    assert.throws(() => confirmedByArgs(readArgs('x.del', { confirmed: false }, SPEC)), /"confirmed": true is required/);
    assert.equal(confirmedByArgs(undefined), false);
  });
});
