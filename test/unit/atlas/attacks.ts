// Bookkeeping of the adversarial suites: each attack is a mocha test that counts as tried when it
// starts and as held when it passes; the suite prints `attacks: N tried, N held` at its end, so a
// run shows at a glance whether every attack was withstood.

export interface AttackTally {
  /** Declares one attack: a mocha `it` whose name says what the attacker does and what must hold. */
  attack(name: string, fn: () => Promise<void>): void;
}

export function attackSuite(title: string): AttackTally {
  let tried = 0;
  let held = 0;
  after(() => {
    console.log(`      attacks (${title}): ${tried} tried, ${held} held`);
  });
  return {
    attack(name, fn) {
      it(name, async () => {
        tried++;
        await fn();
        held++;
      });
    },
  };
}
