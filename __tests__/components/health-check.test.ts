/** EndpointHealthCheck: an HTTPS string-match check with latency, and both boundaries of each prop rule. */
import { Route53HealthCheck } from '@cdktf/provider-aws/lib/route53-health-check';
import { Testing } from 'cdktf';
import 'cdktf/lib/testing/adapters/jest';
import { EndpointHealthCheck, type EndpointHealthCheckProps } from '../../components/health-check';
import { MIN_HEALTH_CHECK_REGIONS } from '../../config/route53-limits';
import { resourcesOf } from '../helpers/terraform';

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

// Both boundaries of each prop rule; a refusal names the check, the prop, the value and what was expected.
test.each<[Partial<EndpointHealthCheckProps>, RegExp | undefined]>([
  [{ requestIntervalSeconds: 10 }, undefined],
  [{ requestIntervalSeconds: 30 }, undefined],
  [{ requestIntervalSeconds: 20 as unknown as 10 }, /requestIntervalSeconds 20: expected 10 or 30$/],
  [{ failureThreshold: 1 }, undefined],
  [{ failureThreshold: 10 }, undefined],
  [{ failureThreshold: 0 }, /failureThreshold 0: expected an integer 1\.\.10$/],
  [{ failureThreshold: 11 }, /failureThreshold 11: expected an integer 1\.\.10$/],
  [{ checkerRegions: PROPS.checkerRegions.slice(0, MIN_HEALTH_CHECK_REGIONS) }, undefined],
  [
    { checkerRegions: PROPS.checkerRegions.slice(0, MIN_HEALTH_CHECK_REGIONS - 1) },
    new RegExp(`checkerRegions \\[us-east-1, eu-west-1\\]: expected at least ${MIN_HEALTH_CHECK_REGIONS} regions$`),
  ],
  [{ port: 1 }, undefined],
  [{ port: 65535 }, undefined],
  [{ port: 0 }, /port 0: expected 1\.\.65535$/],
  [{ port: 65536 }, /port 65536: expected 1\.\.65535$/],
  [{ fqdn: '' }, /fqdn: empty$/],
])('%j refused: %s', (patch, error) => {
  if (error === undefined) expect(() => synth(patch)).not.toThrow();
  else {
    expect(() => synth(patch)).toThrow(/^EndpointHealthCheck primary-api: /);
    expect(() => synth(patch)).toThrow(error);
  }
});
