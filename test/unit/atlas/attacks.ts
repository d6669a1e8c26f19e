// Bookkeeping of the adversarial suites: each attack is a mocha test that counts as tried when it
// starts and as held when it passes. Each suite prints `attacks (suite): N tried, N held` at its end;
// `npm test` (scripts/test.js) adds these lines up across the unit, host and UI steps into one
// `attacks: N tried, N held` and fails the run when an attack was not held.

export interface AttackTally {
  /** Declares one attack: a mocha `it` whose name says what the attacker does and what must hold. */
  attack(name: string, fn: (this: Mocha.Context) => Promise<void>): void;
}

export function attackSuite(title: string): AttackTally {
  let tried = 0;
  let held = 0;
  after(() => {
    console.log(`      attacks (${title}): ${tried} tried, ${held} held`);
  });
  return {
    attack(name, fn) {
      it(name, async function () {
        tried++;
        await fn.call(this);
        held++;
      });
    },
  };
}
