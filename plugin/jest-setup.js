import { MessageChannel } from 'node:worker_threads';

// The scaffold's setup needs a DOM; node-environment tests (plugin.json, dashboards against
// the real backend, compose file) run without one.
if (typeof window !== 'undefined') {
  require('./.config/jest-setup');
  // findBy*/waitFor give up after 1 s by default; on a busy 2-core CI machine rendering
  // @grafana/ui can take longer, which made tests fail for no reason. This is a ceiling for
  // waiting, not an assertion about speed.
  require('@testing-library/react').configure({ asyncUtilTimeout: 10000 });
}

// React 19's scheduler expects MessageChannel, which jsdom does not provide.
Object.assign(global, { MessageChannel });
