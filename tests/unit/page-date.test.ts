/**
 * Reading an article's publication date. Each case is markup copied from a page of the corpus
 * (../shared/corpus, named in the test), as `readDateInputs` hands it over: JSON-LD texts, meta
 * names and values, the datetime of <time> elements that date the article, and addresses.
 */
import { describe, expect, it } from 'vitest';
import { dayOf, publicationDate, type DateInputs } from '../../utils/page-date';

const none: DateInputs = { jsonLd: [], metas: [], times: [], urls: [] };
const date = (inputs: Partial<DateInputs>) => publicationDate({ ...none, ...inputs });

describe('publicationDate', () => {
  it('reads JSON-LD datePublished of an Article (readability-bbc-1)', () => {
    const jsonLd = `{
        "@context": "http://schema.org"
        ,"@type": "Article"
        ,"url": "http://www.bbc.com/news/world-us-canada-33646704"
        ,"headline": "Obama admits US gun laws are his 'biggest frustration'"
        ,"datePublished": "2015-07-24T05:36:09+01:00"
    }`;
    expect(date({ jsonLd: [jsonLd] })).toBe('2015-07-24');
  });

  it('reads a NewsArticle whose offset is HTML-escaped (twnews-chinatimes)', () => {
    const jsonLd = `{ "@context": "https://schema.org", "@type": "NewsArticle",
      "mainEntityOfPage": { "@type": "WebPage", "@id": "https://www.chinatimes.com/realtimenews/20180916001767-260402" },
      "datePublished": "2018-09-16T15:31:57&#x2B;08:00", "dateModified": "2018-09-16T15:31:57&#x2B;08:00" }`;
    expect(date({ jsonLd: [jsonLd] })).toBe('2018-09-16');
  });

  it("takes the Article from an @graph, not the WebPage's or the site's (trafilatura-cache-basicthinking.de.tweets)", () => {
    const jsonLd = JSON.stringify({
      '@context': 'https://schema.org',
      '@graph': [
        { '@type': 'Organization', '@id': 'https://www.basicthinking.de/blog/#organization' },
        { '@type': 'WebSite', '@id': 'https://www.basicthinking.de/blog/#website' },
        { '@type': 'WebPage', '@id': 'https://www.basicthinking.de/blog/2018/12/05/erfolgreiche-tweets-zutaten/#webpage', datePublished: '2011-01-01T00:00:00+00:00' },
        { '@type': 'Article', '@id': 'https://www.basicthinking.de/blog/2018/12/05/erfolgreiche-tweets-zutaten/#article', datePublished: '2018-12-05T05:50:40+00:00' },
        { '@type': ['Person'], '@id': 'https://www.basicthinking.de/blog/author/mne/#author' },
      ],
    });
    // (The WebPage's date is changed here so that taking it would show.)
    expect(date({ jsonLd: [jsonLd] })).toBe('2018-12-05');
  });

  it('reads JSON-LD wrapped in CDATA, and a date without seconds or offset (readability-aclu)', () => {
    const jsonLd = `<![CDATA[
        {"@context":"http:\\/\\/schema.org","@type":"Article","headline":"Facebook Is Tracking Me Even Though I\\u2019m Not on Facebook","datePublished":"2018-04-05T06:00","dateModified":"2018-04-11"}
    ]]>`;
    expect(date({ jsonLd: [jsonLd] })).toBe('2018-04-05');
  });

  it('ignores broken JSON-LD and a WebPage date alone, and goes on to the metas', () => {
    const jsonLd = ['{ "@type": "NewsArticle", "datePublished": ', '{ "@type": "WebPage", "datePublished": "2011-01-01" }'];
    expect(date({ jsonLd, metas: [{ key: 'article:published_time', value: '2020-01-20T10:00:08+08:00' }] })).toBe('2020-01-20');
    expect(date({ jsonLd })).toBeUndefined();
  });

  it('reads <meta property="article:published_time"> (trafilatura-scmp-playbook)', () => {
    // <meta data-vue-meta="true" property="article:published_time" content="2020-01-20T10:00:08+08:00"/>
    expect(date({ metas: [{ key: 'article:published_time', value: '2020-01-20T10:00:08+08:00' }] })).toBe('2020-01-20');
  });

  it('reads <meta itemprop="datePublished"> with slashes (twnews-cna)', () => {
    // <meta itemprop="datePublished" content="2016/03/19 08:15" />
    expect(date({ metas: [{ key: 'datepublished', value: '2016/03/19 08:15' }] })).toBe('2016-03-19');
  });

  it('reads parsely-pub-date and sailthru.date given as value= (postlight-www.vox.com)', () => {
    // <meta name="sailthru.date" value="2016-12-10T10:20:01-05:00"> <meta name="parsely-pub-date" value="2016-12-10T10:20:01-05:00">
    expect(date({ metas: [{ key: 'parsely-pub-date', value: '2016-12-10T10:20:01-05:00' }] })).toBe('2016-12-10');
    expect(date({ metas: [{ key: 'sailthru.date', value: '2016-12-10T10:20:01-05:00' }] })).toBe('2016-12-10');
  });

  it('reads name="pubdate", "publishdate" and "date" (fundus-jp_AsahiShimbun, fundus-cn-people, goose3-businessinsider3, twnews-udn)', () => {
    expect(date({ metas: [{ key: 'pubdate', value: '2025-01-13T21:37:00+09:00' }] })).toBe('2025-01-13');
    expect(date({ metas: [{ key: 'publishdate', value: '2024-04-24' }] })).toBe('2024-04-24');
    expect(date({ metas: [{ key: 'date', value: '2014-04-24' }] })).toBe('2014-04-24');
    expect(date({ metas: [{ key: 'date', value: '2019-03-18 23:59:13' }] })).toBe('2019-03-18');
  });

  it('prefers the publication meta to a vaguer one, whatever their order on the page', () => {
    const metas = [
      { key: 'date', value: '2019-01-01' },
      { key: 'og:updated_time', value: '2023-11-10T00:00:00Z' },
      { key: 'article:published_time', value: '2023-11-09T03:28:35+00:00' },
    ];
    expect(date({ metas })).toBe('2023-11-09');
  });

  it('prefers JSON-LD to the metas (htmldate-nypost-gop: sailthru.date is in New York time)', () => {
    expect(
      date({
        jsonLd: ['{"@context":"https://schema.org","@type":"NewsArticle","datePublished":"2023-11-09T03:28:35Z"}'],
        metas: [{ key: 'sailthru.date', value: '2023-11-08 22:28:35' }],
      }),
    ).toBe('2023-11-09');
  });

  it("reads the article header's <time datetime> (readability-telegraph, twnews-appledaily)", () => {
    // <time itemprop="datePublished" datetime="2017-11-16T14:15+0000" class="article-date-published">
    expect(date({ times: ['2017-11-16T14:15+0000', '2017-11-21T06:17:38'] })).toBe('2017-11-16');
    // <time pubdate="" datetime="2017-11-13" class="time">
    expect(date({ times: ['2017-11-13'] })).toBe('2017-11-13');
  });

  it('skips a <time> that is a duration or a placeholder (metascraper_npr, readability-wordpress)', () => {
    expect(date({ times: ['P24M,37S', 'comment_date'] })).toBeUndefined();
  });

  it('reads the date in the address: /2016/12/18/ (newspaper4k-cnn-heavy-dom) and /2020-07-06/', () => {
    expect(date({ urls: ['https://www.cnn.com/2016/12/18/politics/bob-gates-rex-tillerson-trump-russia/index.html'] })).toBe('2016-12-18');
    expect(date({ urls: ['https://example.com/news/2020-07-06/tiktok-leaves-hong-kong'] })).toBe('2020-07-06');
    expect(date({ urls: ['http://127.0.0.1:4000/page.html', 'https://correctiv.org/aktuelles/neue-rechte/2019/05/14/wir-haben-bereits-die-zusage/'] })).toBe('2019-05-14');
  });

  it('does not take a year, a month, an id or an impossible day in the address for a date', () => {
    expect(date({ urls: ['https://example.com/2020/07/tiktok'] })).toBeUndefined();
    expect(date({ urls: ['https://www.chinatimes.com/realtimenews/20180916001767-260402'] })).toBeUndefined();
    expect(date({ urls: ['https://example.com/2020/13/45/story'] })).toBeUndefined();
    expect(date({ urls: ['not a url'] })).toBeUndefined();
  });

  it('finds no date on a page that gives none (metascraper-tiktok-profile): no guess', () => {
    expect(date({ metas: [{ key: 'og:title', value: 'TikTok - Make Your Day' }], urls: ['https://www.tiktok.com/@scout2015'] })).toBeUndefined();
  });
});

describe('dayOf', () => {
  it('keeps the day as the publisher wrote it, and refuses what is not a date', () => {
    expect(dayOf('2020-07-07T04:32:00+08:00')).toBe('2020-07-07');
    expect(dayOf('2016/3/9 08:15')).toBe('2016-03-09');
    expect(dayOf('2020-02-30')).toBeUndefined();
    expect(dayOf('1899-01-01')).toBeUndefined();
    expect(dayOf('Thursday, March 9, 2017, 6:16 pm')).toBeUndefined();
    expect(dayOf('20200707')).toBeUndefined();
  });
});
