import { DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientConfig } from '../aws/index.js';
import { startFaultProxy, startMoto, useDummyAwsCredentials, type Moto } from './moto.js';

describe('moto server and fault proxy (moto)', () => {
  let moto: Moto;
  beforeAll(async () => {
    useDummyAwsCredentials();
    moto = await startMoto();
  });
  afterAll(async () => moto?.stop());

  it('the real SDK talks to moto, and retries injected throttling until it succeeds', async () => {
    const proxy = await startFaultProxy(moto.endpoint, [{ kind: 'xml-throttle', times: 2, match: (i) => i.region === 'eu-west-1' }]);
    try {
      const ec2 = new EC2Client(clientConfig({ endpoint: proxy.endpoint, maxAttempts: 5 }, 'eu-west-1'));
      const res = await ec2.send(new DescribeRegionsCommand({}));
      expect(res.Regions?.length).toBeGreaterThan(10);
      expect(proxy.faults()).toBe(2);
    } finally {
      await proxy.stop();
    }
  });

  it('an outage surfaces as an error once retries are spent', async () => {
    const proxy = await startFaultProxy(moto.endpoint, [{ kind: 'status-503', times: Infinity }]);
    try {
      const ec2 = new EC2Client(clientConfig({ endpoint: proxy.endpoint, maxAttempts: 2 }, 'us-east-1'));
      await expect(ec2.send(new DescribeRegionsCommand({}))).rejects.toBeTruthy();
      expect(proxy.faults()).toBe(2);
    } finally {
      await proxy.stop();
    }
  });
});
