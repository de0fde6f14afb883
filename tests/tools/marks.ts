/**
 * Runs in the page: the texts Backstory has marked, from the page's own highlight registry (which
 * content scripts share). Passed to Playwright's and Puppeteer's `evaluate`, so it must stay
 * self-contained.
 */
export function readMarkedTexts(): string[] {
  const out: string[] = [];
  for (const name of ['backstory-underline', 'backstory-background']) {
    const h = CSS.highlights.get(name);
    if (h) for (const r of h) out.push((r as Range).toString());
  }
  return out;
}
