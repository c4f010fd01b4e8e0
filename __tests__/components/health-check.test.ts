/** EndpointHealthCheck: an HTTPS string-match check with latency, and both boundaries of each prop rule. */
import { Route53HealthCheck } from '@cdktf/provider-aws/lib/route53-health-check';
import { Testing } from 'cdktf';
import 'cdktf/lib/testing/adapters/jest';
import { EndpointHealthCheck, type EndpointHealthCheckProps } from '../../components/health-check';
import { MIN_HEALTH_CHECK_REGIONS } from '../../config/route53-limits';
import { resourcesOf } from '../helpers/app';

const PROPS: EndpointHealthCheckProps = {
  name: 'primary-api',
  fqdn: 'alb.example.com',
  requestIntervalSeconds: 30,
  failureThreshold: 3,
  checkerRegions: ['us-east-1', 'eu-west-1', 'ap-northeast-1'],
};
const synth = (props: Partial<EndpointHealthCheckProps> = {}) =>
  Testing.synthScope((scope) => new EndpointHealthCheck(scope, 'Check', { ...PROPS, ...props }));

test('HTTPS_STR_MATCH on the actuator path with SNI and latency measurement', () => {
  const synthesized = synth();
  expect(synthesized).toHaveResourceWithProperties(Route53HealthCheck, {
    type: 'HTTPS_STR_MATCH',
    fqdn: 'alb.example.com',
    port: 443,
    resource_path: '/actuator/health',
    search_string: '"status":"UP"',
    enable_sni: true,
    measure_latency: true,
    request_interval: 30,
    failure_threshold: 3,
    regions: ['us-east-1', 'eu-west-1', 'ap-northeast-1'],
    tags: { Name: 'primary-api' },
  });
  expect(resourcesOf(JSON.parse(synthesized), 'aws_route53_health_check')).toHaveLength(1);
});

test.each([
  [{ requestIntervalSeconds: 10 as const }, true],
  [{ requestIntervalSeconds: 20 as unknown as 10 }, false],
  [{ failureThreshold: 1 }, true],
  [{ failureThreshold: 10 }, true],
  [{ failureThreshold: 0 }, false],
  [{ failureThreshold: 11 }, false],
  [{ checkerRegions: PROPS.checkerRegions.slice(0, MIN_HEALTH_CHECK_REGIONS) }, true],
  [{ checkerRegions: PROPS.checkerRegions.slice(0, MIN_HEALTH_CHECK_REGIONS - 1) }, false],
  [{ port: 1 }, true],
  [{ port: 65535 }, true],
  [{ port: 65536 }, false],
  [{ fqdn: '' }, false],
])('%j accepted: %s', (patch, ok) => {
  if (ok) expect(() => synth(patch)).not.toThrow();
  else expect(() => synth(patch)).toThrow(/^EndpointHealthCheck primary-api: \w+ .*expected|fqdn: empty/);
});
