import type { JSX } from 'preact';
import { renderToString } from 'preact-render-to-string';

export function renderPage(page: JSX.Element): string {
  return `<!doctype html>${renderToString(page)}`;
}
