// Force UTC so date formatting in tests does not depend on the machine.
process.env.TZ = 'UTC';

const { grafanaESModules, nodeModulesToTransform } = require('./.config/jest/utils');
const base = require('./.config/jest.config');

module.exports = {
  ...base,
  // Grafana 13 ships some dependencies as .mjs only; @react-hookz and @ver0 are ESM-only too.
  transform: { ...base.transform, '^.+\\.mjs$': ['@swc/jest'] },
  transformIgnorePatterns: [nodeModulesToTransform([...grafanaESModules, '@react-hookz', '@ver0'])],
  testMatch: [...base.testMatch, '<rootDir>/checks/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  // Room for the longer waitFor ceiling in jest-setup.js on a loaded machine.
  testTimeout: 30000,
};
