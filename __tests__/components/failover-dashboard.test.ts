/**
 * FailoverDashboard on a bare stack: every widget reads Route 53 metrics in the region they are published
 * in, each region's line is keyed by that region's health-check id, the DNS-queries widget by the hosted
 * zone, the alarm widget lists the given alarms in order, and the widgets tile the grid.
 */
import { CloudwatchDashboard } from '@cdktf/provider-aws/lib/cloudwatch-dashboard';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import 'cdktf/lib/testing/adapters/jest';
import type { MonitoredRegion } from '../../components/failover-alarms';
import { FailoverDashboard } from '../../components/failover-dashboard';
import { synthJson } from '../helpers/terraform';
import { dashboardOf, layoutProblems, metricLines, publishedDimensions } from '../helpers/dashboard';
import { ROUTE53_METRICS_REGION } from '../../config/route53-limits';

const TAIWAN: MonitoredRegion = { regionName: 'Taiwan', region: 'ap-east-2', healthCheckId: 'hc-taiwan' };
const TOKYO: MonitoredRegion = { regionName: 'Tokyo', region: 'ap-northeast-1', healthCheckId: 'hc-tokyo' };
const ALARMS = ['arn:alarm:primary', 'arn:alarm:secondary', 'arn:alarm:both'];

const json = synthJson((stack) => {
  const provider = new AwsProvider(stack, 'UsEast1', { region: ROUTE53_METRICS_REGION, alias: 'us-east-1' });
  new FailoverDashboard(stack, 'Dashboard', {
    provider,
    metricsRegion: ROUTE53_METRICS_REGION,
    dashboardName: 'demo-failover',
    primary: TAIWAN,
    dr: TOKYO,
    hostedZoneId: 'ZPUBLIC',
    domain: 'example.com',
    alarmArns: ALARMS,
  });
});
const { widgets } = dashboardOf(json);
const lines = metricLines(widgets);

test('one dashboard, stored with the us-east-1 provider', () => {
  expect(JSON.stringify(json)).toHaveResourceWithProperties(CloudwatchDashboard, {
    dashboard_name: 'demo-failover',
    provider: 'aws.us-east-1',
  });
});

test('every metric line is a Route 53 metric AWS publishes, under its dimension, read in us-east-1', () => {
  expect(lines.length).toBe(11);
  for (const line of lines) {
    expect({ metric: `${line.namespace}/${line.metricName}`, dimensions: Object.keys(line.dimensions) }).toEqual({
      metric: `${line.namespace}/${line.metricName}`,
      dimensions: publishedDimensions(line.namespace, line.metricName),
    });
    expect(line.region).toBe('us-east-1');
  }
});

test.each([
  'HealthCheckStatus',
  'HealthCheckPercentageHealthy',
  'ConnectionTime',
  'SSLHandshakeTime',
  'TimeToFirstByte',
])("%s: one line per region, keyed by that region's health check and labelled with its name", (metricName) => {
  const perRegion = lines
    .filter((l) => l.metricName === metricName)
    .map((l) => [l.dimensions.HealthCheckId, l.options.label]);
  expect(perRegion).toEqual([
    ['hc-taiwan', 'Taiwan (ap-east-2)'],
    ['hc-tokyo', 'Tokyo (ap-northeast-1)'],
  ]);
});

test('the status timeline takes the minimum per minute on a 0..1 axis, beside the alarms in the given order', () => {
  const timeline = widgets.find((w) => w.properties.metrics?.[0]?.[1] === 'HealthCheckStatus');
  expect(timeline?.properties).toEqual(
    expect.objectContaining({ stat: 'Minimum', period: 60, yAxis: { left: { min: 0, max: 1 } } }),
  );
  const alarms = widgets.filter((w) => w.type === 'alarm');
  expect(alarms).toHaveLength(1);
  expect(alarms[0].properties.alarms).toEqual(ALARMS);
  expect(alarms[0].y).toBe(timeline?.y);
});

test('DNS queries of the hosted zone, summed over 5 minutes', () => {
  const dns = widgets.find((w) => w.properties.metrics?.[0]?.[1] === 'DNSQueries');
  expect(dns?.properties.metrics).toEqual([['AWS/Route53', 'DNSQueries', 'HostedZoneId', 'ZPUBLIC']]);
  expect(dns?.properties).toEqual(
    expect.objectContaining({ stat: 'Sum', period: 300, title: 'DNS queries answered for example.com (per 5 min)' }),
  );
});

test('seven widgets tiling the 24-unit grid without overlap', () => {
  expect(widgets).toHaveLength(7);
  expect(layoutProblems(widgets)).toEqual([]);
});
