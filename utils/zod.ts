/**
 * zod for every schema of ours, in its "mini" form: the same validation and messages as the classic
 * API, in a fraction of the code. The runner is injected into every page that is read, and a page
 * compiles all of it in the task that injects it, so its size is the page's wait
 * (docs/performance.md).
 */
import * as z from 'zod/mini';
import { en } from 'zod/locales';

// English messages ("Too small: expected string to have >=1 characters"): zod/mini loads no locale
// by itself, and `npm run data:check` explains a contributor's mistakes in these words.
z.config(en());
// No code generation: zod would otherwise probe the Function constructor to compile its parsers,
// and the extension runs no eval of any kind.
z.config({ jitless: true });

export { z };

/**
 * A schema built the first time it is used, not when its module loads. Setting up the reader's
 * modules (on every page) then builds none of the schemas, and each is built in the task
 * that first needs it: the settings once storage answers, the dataset's only for a card. The
 * proxy hands every read to the built schema, so it serves wherever the schema would (types,
 * nesting in other schemas, `safeParse`).
 */
export function onFirstUse<T extends object>(build: () => T): T {
  let built: T | undefined;
  const schema = () => (built ??= build());
  return new Proxy({} as T, {
    get: (_, key) => Reflect.get(schema(), key),
    has: (_, key) => Reflect.has(schema(), key),
    getPrototypeOf: () => Reflect.getPrototypeOf(schema()),
  });
}

/** Zod's first complaint, with where it is ("index.3.name: Invalid input…"). */
export function firstIssue(error: z.core.$ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  return (issue.path.length ? issue.path.map(String).join('.') + ': ' : '') + issue.message;
}
