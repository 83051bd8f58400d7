import { MessageChannel } from 'node:worker_threads';

// The scaffold's setup needs a DOM; node-environment tests (plugin.json, dashboards against
// the real backend, compose file) run without one.
if (typeof window !== 'undefined') {
  require('./.config/jest-setup');
}

// React 19's scheduler expects MessageChannel, which jsdom does not provide.
Object.assign(global, { MessageChannel });
