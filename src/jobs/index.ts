// Jobs' front door: the scheduler of refreshes (job rows themselves live in the catalog).
export { startScheduler, type Scheduler, type SchedulerOptions } from './scheduler.js';
export { mailRefreshFailure } from './refresh-failure-mail.js';
