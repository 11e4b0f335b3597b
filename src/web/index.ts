// The web layer's front door: pages rendered on the server, their texts, the site they are on.
export { Layout } from './layout.js';
export { HomePage } from './pages/home.js';
export { ErrorPage } from './pages/error.js';
export { renderPage } from './render.js';
export { renderMarkdown, plainSummary } from './markdown.js';
export { defineTexts, formatDate, formatNumber, langOf, t, type Lang } from './i18n.js';
export { absoluteHref, href, otherLanguageHref, type LinkParams, type Site, type SitePortal } from './site.js';
