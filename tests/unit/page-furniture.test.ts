import { describe, expect, it } from 'vitest';
import { BOILERPLATE_CLASS_WORDS, isRejectedClass } from '../../utils/boilerplate-class';
import { hidesByStyle } from '../../utils/dom/rejection';

// The rules as the regular expressions the scan once applied (with HTML's white space for \s, and
// camel-case humps read as hyphens): the hand-written readers must give the same answers.
const CLASS_RULE = new RegExp(`(^|[ \\t\\n\\f\\r_-])(${BOILERPLATE_CLASS_WORDS.join('|')})([ \\t\\n\\f\\r_-]|$)|(^|[ \\t\\n\\f\\r])hidden([ \\t\\n\\f\\r]|$)`, 'i');
const STYLE_RULE = /display[ \t\n\f\r]*:[ \t\n\f\r]*none/i;

describe('class words that mark page furniture', () => {
  it('rejects share bars, sign-in widgets, buttons and hidden utility classes from real pages', () => {
    for (const cls of [
      'social-share-bar',
      'c-share__link',
      'btn btn-primary',
      'js-login_button',
      'SignIn',
      'global-sign-in',
      'related-links-module',
      'newsletter',
      'cookie-banner',
      'ot-consent',
      'visually hidden',
      'Hidden',
      // The footers of two real pages that use no <footer> element.
      'footer_right clearFix',
      'site-footer',
      // "Don't have Telegram yet? Try it now!" on t.me.
      'tgme_head_dl_button',
      // Generated class names, in camel case (TikTok's footer).
      'css-a9w5w9-7937d88b--DivFooterContainer enjgv3a0',
      'ShareButton',
      // A masthead's logo caption (banyuetan.org) and an article signature's id (upmedia.mg).
      'img_icon',
      'site-logo',
      'SignatureSN',
    ]) {
      expect(isRejectedClass(cls), cls).toBe(true);
    }
  });

  it('keeps article text whose classes only contain the words', () => {
    for (const cls of [
      'shareholder-report',
      'sharepoint',
      'socialist-history',
      'ShareholderNews',
      'SIGNING',
      'btnx',
      'is-hidden',
      'hidden-xs',
      'u-hidden_sm',
      'related-link',
      'sign-up',
      'sign in', // two tokens, neither a word
      'mw-parser-output',
      'article-body',
      // A blog post's own classes name its categories and tags (from a real WordPress article).
      'vce-single post-4725376 post type-post category-marketing-werbung category-social-media tag-twitter',
      'post type-post tag-china tag-insurance_health_social topic-login',
      '',
    ]) {
      expect(isRejectedClass(cls), cls).toBe(false);
    }
    expect(isRejectedClass(null)).toBe(false);
    expect(isRejectedClass(`${'x'.repeat(400)} share`)).toBe(false);
  });

  it('answers as the regular expression does on 5,000 random class attributes', () => {
    const pieces = ['share', 'Share', 'sharing', 'sign', 'in', 'SIGN', 'related', 'links', 'hidden', 'HIDDEN', 'btn', 'login', 'x', 'col', 'cookie', 'consentx', 'a'];
    const separators = [' ', '-', '_', '\t', '\n', '\f', '\v', '--', ' -', ''];
    let seed = 42;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return (seed >>> 16) % n;
    };
    for (let t = 0; t < 5000; t++) {
      let cls = random(4) === 0 ? separators[random(separators.length)]! : '';
      for (let k = random(5) + 1; k > 0; k--) cls += pieces[random(pieces.length)]! + (k > 1 || random(3) === 0 ? separators[random(separators.length)]! : '');
      expect(isRejectedClass(cls), JSON.stringify(cls)).toBe(CLASS_RULE.test(cls.replace(/([a-z])([A-Z])/g, '$1-$2')));
    }
  });
});

describe('inline styles that hide an element', () => {
  it('finds display:none however it is written', () => {
    for (const style of ['display:none', 'DISPLAY: NONE', 'color: red; display :\tnone !important', 'display:block;display:none']) {
      expect(hidesByStyle(style), style).toBe(true);
      expect(STYLE_RULE.test(style)).toBe(true);
    }
    for (const style of ['display: block', 'display:inline-block; color: none', 'displays: none', '']) {
      expect(hidesByStyle(style), style).toBe(false);
      expect(STYLE_RULE.test(style)).toBe(false);
    }
  });
});
