import * as assert from 'node:assert/strict';
import { deferredInstance } from '../../../src/providers/platform/deferredInstance';

class Counter {
  #count = 0;
  readonly label: string;
  constructor(label: string) { this.label = label; }
  add(n: number): number { this.#count += n; return this.#count; }
}

describe('deferredInstance: a core service held from activation on is built at its first use', () => {
  it('builds nothing until a member is used, then builds once', () => {
    let builds = 0;
    const d = deferredInstance(() => { builds++; return new Counter('engines'); });
    assert.equal(builds, 0);
    assert.equal(d.built(), undefined, 'dispose at deactivate can skip what was never built');
    assert.equal(d.value.label, 'engines');
    assert.equal(d.value.add(2), 2);
    assert.equal(d.value.add(3), 5);
    assert.equal(builds, 1);
    assert.ok(d.built() instanceof Counter);
  });

  it('a method taken off the stand-in still reaches the private members of the built object', () => {
    const { value } = deferredInstance(() => new Counter('x'));
    const add = value.add;
    assert.equal(add(4), 4);
    assert.equal('add' in value, true);
  });
});
