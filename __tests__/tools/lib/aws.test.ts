import { clientSettings } from '../../../tools/lib/aws';

describe('clientSettings (the one AWS client factory of the tools)', () => {
  const EMULATOR = { AWS_ENDPOINT_URL: 'http://127.0.0.1:5200' };

  test('an emulator endpoint: static test keys, path-style S3, 3 attempts', () => {
    expect(clientSettings('ap-east-2', EMULATOR)).toEqual({
      region: 'ap-east-2',
      endpoint: 'http://127.0.0.1:5200',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      forcePathStyle: true,
      maxAttempts: 3,
    });
  });

  test("the environment's own keys win over the emulator's defaults", () => {
    const s = clientSettings('ap-east-2', { ...EMULATOR, AWS_ACCESS_KEY_ID: 'AK', AWS_SECRET_ACCESS_KEY: 'SK' });
    expect(s.credentials).toEqual({ accessKeyId: 'AK', secretAccessKey: 'SK' });
  });

  test('an empty AWS_ENDPOINT_URL means AWS: no endpoint, no keys (the default chain)', () => {
    expect(clientSettings('ap-northeast-1', { AWS_ENDPOINT_URL: '' })).toEqual({
      region: 'ap-northeast-1',
      maxAttempts: 5,
    });
  });

  test("the drill's options: its attempts, request timeout and addressing override the defaults", () => {
    const s = clientSettings('us-east-1', EMULATOR, { maxAttempts: 3, requestTimeoutMs: 7000, forcePathStyle: false });
    expect(s).toMatchObject({ maxAttempts: 3, requestHandler: { requestTimeout: 7000, connectionTimeout: 7000 } });
    expect(s.forcePathStyle).toBeUndefined();
    expect(clientSettings('us-east-1', {}, { forcePathStyle: true }).forcePathStyle).toBe(true);
  });
});
