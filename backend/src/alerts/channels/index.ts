import type { ChannelType } from '../model.js';
import { sendAlertmanager } from './alertmanager.js';
import { sendEmail } from './email.js';
import { sendSlack } from './slack.js';
import type { Sender } from './types.js';
import { sendWebhook } from './webhook.js';

export const SENDERS: Record<ChannelType, Sender> = {
  alertmanager: sendAlertmanager,
  webhook: sendWebhook,
  slack: sendSlack,
  email: sendEmail,
};

export * from './types.js';
export { sign, verifySignature, SIGNATURE_HEADER, TIMESTAMP_HEADER } from './webhook.js';
export { slackMessage } from './slack.js';
export { emailBodies } from './email.js';
