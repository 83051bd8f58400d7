export { clientConfig, credentialsFor, isThrottling, THROTTLING_ERRORS, type AwsAccess, type ClientConfig } from './clients.js';
