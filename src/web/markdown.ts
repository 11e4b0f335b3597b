// Descriptions and portal pages are Markdown written by publishers: rendered to HTML with raw HTML
// switched off (a `<script>` in a description is shown as text, never run) and markdown-it's own
// link check (no `javascript:` or `data:` URLs). Nothing else is needed to make the output safe.
import MarkdownIt from 'markdown-it';

const markdown = new MarkdownIt({ html: false, linkify: true, typographer: false });

export function renderMarkdown(text: string): string {
  return markdown.render(text);
}

/** The first paragraph as plain text, for a page's description meta and link previews. */
export function plainSummary(text: string, maxLength = 200): string {
  const plain = markdown
    .render(text.split(/\n\s*\n/)[0] ?? '')
    .replace(/<[^>]*>/g, '')
    .replace(/&(amp|lt|gt|quot|#39);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e] ?? '')
    .replace(/\s+/g, ' ')
    .trim();
  return plain.length > maxLength ? `${plain.slice(0, maxLength - 1).trimEnd()}…` : plain;
}
