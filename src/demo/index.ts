export { ensureDemoRegion, DEMO_HOSTNAMES, type DemoSummary } from './region.js';
export { DEMO_ADMIN_EMAIL, DEMO_EDITOR_EMAIL, DEMO_PASSWORD } from './accounts.js';
