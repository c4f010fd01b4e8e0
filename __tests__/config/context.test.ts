import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../../config';
import { baseContext } from '../helpers/app';

/** A folder holding the shipped cdktf.json context. */
function projectDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'genai-demo-ctx-'));
  writeFileSync(join(dir, 'cdktf.json'), JSON.stringify({ context: baseContext() }));
  return dir;
}

describe('where the context comes from', () => {
  test('cdktf.json when the app runs outside the cdktf CLI', () => {
    const { config } = loadConfig({ cwd: projectDir(), env: {}, argv: [] });
    expect(config.environment).toBe('production');
    expect(config.domain).toBe('kimkao.io');
  });

  test('CDKTF_CONTEXT_JSON when the cdktf CLI runs the app', () => {
    const ctx = { ...baseContext(), 'genai-demo:domain': 'example.org' };
    const { config } = loadConfig({ cwd: projectDir(), env: { CDKTF_CONTEXT_JSON: JSON.stringify(ctx) }, argv: [] });
    expect(config.domain).toBe('example.org');
  });

  test('GENAI_DEMO_CONTEXT key=value pairs, as in the spec deploy command', () => {
    const { config, overrides } = loadConfig({
      cwd: projectDir(),
      env: { GENAI_DEMO_CONTEXT: 'genai-demo:environment=development genai-demo:domain=example.org' },
      argv: [],
    });
    expect(config.environment).toBe('development');
    expect(config.domain).toBe('example.org');
    expect(overrides).toEqual([
      'genai-demo:environment=development (GENAI_DEMO_CONTEXT)',
      'genai-demo:domain=example.org (GENAI_DEMO_CONTEXT)',
    ]);
  });

  test('GENAI_DEMO_CONTEXT as a JSON object', () => {
    const { config } = loadConfig({
      cwd: projectDir(),
      env: { GENAI_DEMO_CONTEXT: '{"genai-demo:domain":"example.net"}' },
      argv: [],
    });
    expect(config.domain).toBe('example.net');
  });

  test('--context arguments win over the environment, with dotted paths and JSON values', () => {
    const { config } = loadConfig({
      cwd: projectDir(),
      env: { GENAI_DEMO_CONTEXT: 'genai-demo:multi-region.health-check-interval=30' },
      argv: [
        '--context',
        'genai-demo:multi-region.health-check-interval=10',
        '-c',
        'genai-demo:multi-region.alert-emails=["ops@kimkao.io"]',
      ],
    });
    expect(config.multiRegion.healthCheckIntervalSeconds).toBe(10);
    expect(config.multiRegion.alertEmails).toEqual(['ops@kimkao.io']);
  });

  test('a dotted override keeps the sibling keys', () => {
    const { config } = loadConfig({
      cwd: projectDir(),
      env: {},
      argv: ['--context=genai-demo:multi-region.enable-dr=false'],
    });
    expect(config.dr).toBeUndefined();
    expect(config.multiRegion.healthCheckFailureThreshold).toBe(3);
  });

  test.each([
    [
      { GENAI_DEMO_CONTEXT: '{not json' },
      [],
      /GENAI_DEMO_CONTEXT "\{not json": expected a JSON object or key=value pairs/,
    ],
    [
      {},
      ['--context', 'environment=production'],
      /--context environment "production": expected a key starting with genai-demo:/,
    ],
    [{}, ['--context', 'genai-demo:environment'], /--context "genai-demo:environment": expected key=value/],
  ])('a bad override is a config error', (env, argv, message) => {
    expect(() => loadConfig({ cwd: projectDir(), env, argv })).toThrow(ConfigError);
    expect(() => loadConfig({ cwd: projectDir(), env, argv })).toThrow(message);
  });
});
