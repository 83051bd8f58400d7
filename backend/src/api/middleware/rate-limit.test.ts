import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { addressOf } from './rate-limit.js';

const req = (headers: Record<string, string>, remoteAddress = '10.0.0.9') => ({ headers, socket: { remoteAddress } }) as unknown as IncomingMessage;

describe('addressOf (the address limits and lockouts count against)', () => {
  it('is the socket peer unless a proxy is trusted: anyone can write X-Forwarded-For', () => {
    expect(addressOf(req({ 'x-forwarded-for': '203.0.113.7' }), false)).toBe('10.0.0.9');
    expect(addressOf(req({}), true)).toBe('10.0.0.9');
  });

  it('behind a trusted proxy, the first X-Forwarded-For entry, when sane', () => {
    expect(addressOf(req({ 'x-forwarded-for': ' 203.0.113.7 , 10.0.0.1' }), true)).toBe('203.0.113.7');
    expect(addressOf(req({ 'x-forwarded-for': 'x'.repeat(65) }), true)).toBe('10.0.0.9');
    expect(addressOf(req({ 'x-forwarded-for': '' }), true)).toBe('10.0.0.9');
  });
});
