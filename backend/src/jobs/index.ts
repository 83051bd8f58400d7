export { startScheduler, type Job } from './scheduler.js';
export { maintainPartitions, partitionMaintenanceJob } from './maintenance.js';
