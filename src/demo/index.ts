export { ensureDemoRegion, DEMO_HOSTNAMES, type DemoSummary } from './region.js';
