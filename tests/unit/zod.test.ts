import { describe, expect, it } from 'vitest';
import { onFirstUse, z } from '../../utils/zod';

describe('schemas built on first use', () => {
  it('are built only when first used, once, and serve alone and nested in other schemas', () => {
    let builds = 0;
    const Name = onFirstUse(() => {
      builds++;
      return z.string().check(z.minLength(1, 'must not be empty'));
    });
    const Person = onFirstUse(() => z.strictObject({ name: Name, alias: z.optional(z.array(Name)) }));
    expect(builds).toBe(0);
    expect(Person.safeParse({ name: 'Carrie Lam', alias: ['林鄭月娥'] }).success).toBe(true);
    const bad = Person.safeParse({ name: 'Carrie Lam', alias: [''] });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]).toMatchObject({ path: ['alias', 0], message: 'must not be empty' });
    expect(Name.safeParse('Xi Jinping').data).toBe('Xi Jinping');
    expect(z.extend(Person, { age: z.number() }).safeParse({ name: 'x', age: 1 }).success).toBe(true);
    expect(builds).toBe(1);
  });

  it("keep zod's English messages (zod/mini loads none by itself)", () => {
    expect(z.string().safeParse(1).error?.issues[0]?.message).toBe('Invalid input: expected string, received number');
  });
});
