// The web layer's front door: pages rendered on the server.
export { Layout } from './layout.js';
export { HomePage } from './pages/home.js';
export { renderPage } from './render.js';
export { langOf, t, type Lang } from './i18n.js';
