import { synthApp } from '../helpers/app';
import { bodiesOf } from '../helpers/terraform';

describe('the app', () => {
  test('production with DR synthesizes four stacks, primary first', () => {
    const { manifest } = synthApp();
    expect(Object.keys(manifest.stacks).sort()).toEqual([
      'genai-demo-production-dr',
      'genai-demo-production-multi-region',
      'genai-demo-production-primary',
      'genai-demo-production-route53-failover',
    ]);
    expect(manifest.stacks['genai-demo-production-dr'].dependencies).toContain('genai-demo-production-primary');
    expect(manifest.stacks['genai-demo-production-multi-region'].dependencies).toContain('genai-demo-production-dr');
  });

  test('development synthesizes the primary stack alone', () => {
    const { manifest } = synthApp({ 'genai-demo:environment': 'development' });
    expect(Object.keys(manifest.stacks)).toEqual(['genai-demo-development-primary']);
  });

  test('production with enable-dr false synthesizes the primary stack alone', () => {
    const { manifest } = synthApp({ 'genai-demo:multi-region': { 'enable-dr': false } });
    expect(Object.keys(manifest.stacks)).toEqual(['genai-demo-production-primary']);
  });

  test('every stack has its own S3 state key, region validation skipped and native locking', () => {
    const { stacks } = synthApp();
    for (const [name, stack] of Object.entries(stacks)) {
      expect(stack.terraform.backend.s3).toEqual({
        bucket: 'genai-demo-terraform-state',
        key: `genai-demo/${name}.tfstate`,
        region: 'ap-east-2',
        encrypt: true,
        skip_region_validation: true,
        use_lockfile: true,
      });
    }
  });

  test('RDS manages every master password: no password in any stack', () => {
    const { stacks } = synthApp();
    for (const stack of Object.values(stacks)) {
      for (const instance of bodiesOf(stack, 'aws_db_instance')) {
        expect(instance).not.toHaveProperty('password');
        expect(instance).not.toHaveProperty('password_wo');
      }
      expect(JSON.stringify(stack)).not.toMatch(/"(master_)?password(_wo)?"\s*:/);
    }
  });
});
