import { expect, it } from 'vitest';
import { BLOCK_BREAK, joinRawParts } from '../../utils/matcher/fold';
import { rangeFor } from '../../utils/dom/offsets';
import { RawTextCollector, readingRoot, TextCollector } from '../../utils/dom/page-text';
import { isInsideExcluded } from '../../utils/dom/rejection';
import { page } from './dom';

const read = (root: Node, skip?: string) => {
  const c = new TextCollector(root, skip ? { skip } : {});
  expect(c.run()).toBe(true);
  return c.result();
};

it('reads the main article when the page marks one, else the body', () => {
  page('<nav>Menu</nav><main id="m"><p>Story</p></main>');
  expect(readingRoot(document)?.id).toBe('m');
  page('<article id="a"><p>One</p></article><aside>Other</aside>');
  expect(readingRoot(document)?.id).toBe('a');
  page('<article>One</article><article>Two</article>');
  expect(readingRoot(document)).toBe(document.body);
});

it('joins inline elements into one text and keeps blocks apart', () => {
  const body = page('<h2>TikTok</h2><p>The <em>Hong Kong</em> national security law</p><p>Tele<b>gram</b> said</p>');
  const text = read(body).text;
  expect(text.split(BLOCK_BREAK).map((s) => s.trim()).filter(Boolean)).toEqual(['TikTok', 'The Hong Kong national security law', 'Telegram said']);
});

it('leaves out form fields, code, scripts, navigation, buttons, hidden text and our own UI', () => {
  const body = page(`
    <p>Kept one.</p>
    <textarea>TikTok in a field</textarea><code>TikTok in code</code><script>var tiktok = 1</script>
    <nav>TikTok in a menu</nav><button>TikTok button</button><p hidden>TikTok hidden</p>
    <div contenteditable="true">TikTok being edited</div><div class="ours">TikTok in our card</div>
    <p>Kept two.</p>`);
  const text = read(body, '.ours').text;
  expect(text).toContain('Kept one.');
  expect(text).toContain('Kept two.');
  expect(text).not.toContain('TikTok');
  expect(isInsideExcluded(body.querySelector('code')!.firstChild!, body)).toBe(true);
  expect(isInsideExcluded(body.querySelector('p')!.firstChild!, body)).toBe(false);
});

it('reads in slices when asked to stop, and ends with the same text', () => {
  const body = page(Array.from({ length: 2000 }, (_, i) => `<p>Paragraph ${i}</p>`).join(''));
  const whole = read(body).text;
  const sliced = new TextCollector(body);
  let stops = 0;
  while (!sliced.run(() => true)) stops++;
  expect(stops).toBeGreaterThan(5);
  expect(sliced.result().text).toBe(whole);
});

it('gives ranges over the page that span element boundaries', () => {
  const body = page('<p>The <em>Hong Kong</em> national security law</p>');
  const pageText = read(body);
  const start = pageText.text.indexOf('Hong Kong national');
  const range = rangeFor(pageText, start, start + 'Hong Kong national security law'.length);
  expect(range.toString()).toBe('Hong Kong national security law');
  expect(range.startContainer.parentElement!.tagName).toBe('EM');
});

it('reads the raw text of every text node except scripts and styles, in order, blank nodes as their length', () => {
  const body = page('<p>Tik<b>Tok</b></p>\n  <script>ignored()</script><style>p{}</style><p>Telegram</p><p>\u00a0x </p>');
  const raw = new RawTextCollector(body);
  expect(raw.run()).toBe(true);
  const result = raw.result();
  expect(result.parts).toEqual(['Tik', 'Tok', 3, 'Telegram', '\u00a0x ']);
  expect(result.nodes.map((n) => n.data)).toEqual(['Tik', 'Tok', '\n  ', 'Telegram', '\u00a0x ']);
  expect(result.starts).toEqual([0, 3, 6, 9, 17]);
  expect(result.length).toBe(20);
  // As the background joins it: the same offsets.
  expect(joinRawParts(result.parts)).toEqual({ text: 'TikTok   Telegram\u00a0x ', seams: [3, 6, 9, 17] });
});

it('reads the article, not the page furniture around it (causes the eval found on real pages)', () => {
  const body = page(`
    <ul class="top-stories"><li><a href="/a">TikTok quits the city</a> <span>7 Jul 2020</span></li></ul>
    <p>Prose with a <a href="/t">Telegram</a> link in it is read.</p>
    <p class="promo"><a href="/f">Follow us on TikTok</a></p>
    <aside>TikTok in a box beside the article</aside>
    <div class="footer_right">TikTok in a footer made of divs</div>
    <div class="css-a9w5w9--DivFooterContainer">© 2025 TikTok</div>
    <div class="post category-social-media tag-twitter"><p>Hong Kong, in a post filed under social media.</p></div>`);
  const text = read(body).text;
  expect(text).toContain('Prose with a Telegram link in it is read.');
  expect(text).toContain('Hong Kong, in a post filed under social media.');
  expect(text).not.toContain('TikTok');
  // Of two mains (one around a masthead), neither is the article.
  page('<main id="masthead"><p>Site</p></main><main role="main" id="story"><p>Story</p></main>');
  expect(readingRoot(document)).toBe(document.body);
});

it('leaves out furniture that an id names, as a class would: a site signature, a masthead logo', () => {
  const body = page(`
    <p id="story">Telegram said it would not process the requests.</p>
    <div id="SignatureSN"><p>Join us on Telegram!</p></div>
    <div class="img_icon"><div>Published by Xinhua</div></div>`);
  expect(read(body).text.split(BLOCK_BREAK).map((s) => s.trim()).filter(Boolean)).toEqual(['Telegram said it would not process the requests.']);
});
