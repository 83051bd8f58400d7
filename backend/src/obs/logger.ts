import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger } from 'pino';

/**
 * Structured JSON logs. Secrets are redacted by path wherever they could appear; request
 * logs carry request_id, org_id, user and duration_ms (the seed design's log shape).
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'costwatch' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: {
        paths: [
          'password',
          'token',
          'apiKey',
          'secret',
          'authorization',
          '*.password',
          '*.token',
          '*.apiKey',
          '*.secret',
          '*.secretAccessKey',
          '*.externalId',
          'req.headers.authorization',
          'req.headers.cookie',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
