/**
 * A stand-in for GitHub's comment renderer in tests: markdown-it (CommonMark, plus the tables and
 * strikethrough GitHub adds) with raw HTML on, so any HTML that got through shows up as a token.
 * GitHub's own autolinks (@mentions, #123, bare URLs, e-mail addresses) happen after rendering, on
 * the text; `autolinkable` finds text that GitHub would turn into one.
 */
import MarkdownIt from 'markdown-it';

type Token = ReturnType<MarkdownIt['parse']>[number];

const md = new MarkdownIt({ html: true, linkify: false });

export function parse(markdown: string): Token[] {
  return md.parse(markdown, {});
}

export function renderHtml(markdown: string): string {
  return md.render(markdown);
}

/** What GitHub links in rendered text outside code and links (its mention, reference and autolink rules). */
const AUTOLINKABLE = [
  /(?:^|[^\w`])@[A-Za-z0-9]/, // @user, @org/team
  /[A-Za-z0-9]@[A-Za-z0-9]/, // e-mail addresses
  /#\d/, // #123, owner/repo#123
  /\bGH-\d/i,
  /\bwww\./i,
  /\b[a-z][a-z0-9+.-]*:\/\//i, // https://, javascript://
];

export function autolinkable(text: string): RegExp | undefined {
  return AUTOLINKABLE.find((re) => re.test(text));
}

export interface Rendered {
  /** Text that GitHub shows as text (not code, not link text), one entry per inline run. */
  texts: string[];
  /** Text shown in code spans and blocks. */
  code: string[];
  links: string[];
  images: number;
  /** Raw HTML tokens, as written. */
  html: string[];
  headings: string[];
  /**
   * The document's shape: every token type (text runs collapsed, bold left out since `**` in catalog
   * text keeps its meaning), link targets and raw HTML. Two renderings with the same shape differ only
   * in their text.
   */
  shape: string[];
}

export function inspect(markdown: string): Rendered {
  const r: Rendered = { texts: [], code: [], links: [], images: 0, html: [], headings: [], shape: [] };
  let inLink = 0;
  let heading: string | null = null;
  const walk = (tokens: Token[]) => {
    for (const t of tokens) {
      if (t.type === 'inline' && t.children) {
        walk(t.children);
        continue;
      }
      if (t.type === 'heading_open') heading = '';
      if (t.type === 'heading_close' && heading !== null) {
        r.headings.push(heading);
        heading = null;
      }
      if (t.type === 'text' || t.type === 'text_special') {
        if (!inLink) r.texts.push(t.content);
        if (heading !== null) heading += t.content;
        if (r.shape[r.shape.length - 1] !== 'text') r.shape.push('text');
        continue;
      }
      if (t.type === 'strong_open' || t.type === 'strong_close') continue;
      if (t.type === 'code_inline' || t.type === 'fence' || t.type === 'code_block') r.code.push(t.content);
      if (t.type === 'link_open') {
        inLink++;
        r.links.push(t.attrGet('href') ?? '');
      }
      if (t.type === 'link_close') inLink--;
      if (t.type === 'image') r.images++;
      if (t.type === 'html_inline' || t.type === 'html_block') r.html.push(t.content);
      const detail =
        t.type === 'link_open' ? ` ${t.attrGet('href')}` : t.type.startsWith('html') ? ` ${t.content.trim()}` : '';
      r.shape.push(`${t.type}${t.tag && t.type.endsWith('_open') ? `:${t.tag}` : ''}${detail}`);
    }
  };
  walk(parse(markdown));
  return r;
}

/** The text a reader sees in a paragraph: text and code runs joined, zero-width spaces removed. */
export function visibleText(markdown: string): string {
  const out: string[] = [];
  const walk = (tokens: Token[]) => {
    for (const t of tokens) {
      if (t.children) walk(t.children);
      else if (t.type === 'text' || t.type === 'text_special' || t.type === 'code_inline') out.push(t.content);
      else if (t.type === 'softbreak') out.push('\n');
    }
  };
  walk(parse(markdown));
  return out.join('').replace(/\u200b/g, '');
}
