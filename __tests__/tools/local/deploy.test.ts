import { FORCED_CONTEXT, localContextOverride, localPaths } from '../../../tools/local/deploy';
import { loadConfig } from '../../../config';
import { join } from 'node:path';

describe('local deploy context', () => {
  test("forces production with DR after the user's own pairs (later pairs win)", () => {
    expect(localContextOverride(undefined)).toBe(
      'genai-demo:environment=production genai-demo:multi-region.enable-dr=true',
    );
    expect(localContextOverride(' genai-demo:domain=example.org ')).toBe(
      `genai-demo:domain=example.org ${FORCED_CONTEXT.join(' ')}`,
    );
  });

  test('a JSON-object override cannot be combined and is rejected with the reason', () => {
    expect(() => localContextOverride('{"genai-demo:environment":"development"}')).toThrow(
      /JSON object.*key=value pairs/,
    );
  });

  test('the forced override beats an environment=development pair from the user', () => {
    const root = join(__dirname, '..', '..', '..');
    const { config } = loadConfig({
      cwd: root,
      env: {
        GENAI_DEMO_CONTEXT: localContextOverride(
          'genai-demo:environment=development genai-demo:multi-region.enable-dr=false',
        ),
      },
      argv: [],
    });
    expect(config.environment).toBe('production');
    expect(config.dr).toBeDefined();
    expect(config.stackNames.dr).toBeDefined();
  });

  test('paths of a deployment live under its work dir', () => {
    expect(localPaths('/w')).toEqual({
      workDir: '/w',
      outdir: '/w/cdktf.out',
      logsDir: '/w/logs',
      emulatorFile: '/w/emulator.json',
    });
  });
});
