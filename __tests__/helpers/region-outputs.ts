/**
 * Stand-ins for what a regional stack hands the multi-region and failover stacks: plain values where the
 * real stacks hand over remote-state tokens, so assertions on a consumer stack see exact strings.
 * Every value carries the region's tag, so a test can tell which region a reference came from.
 */
import type { AppConfig, RegionDeployment } from '../../config';
import type { RegionStackOutputs } from '../../stacks/region-outputs';

/** The account id in every fixture ARN. */
export const FIXTURE_ACCOUNT = '111122223333';

/** The public hosted zone id both regions report (there is one zone for the domain). */
export const FIXTURE_HOSTED_ZONE_ID = 'Z0ZONE';

/** Tags of the two regions in `regionPair` (they name every fixture value). */
export const PRIMARY_TAG = 'taiwan';
export const DR_TAG = 'tokyo';

/**
 * The outputs of one regional stack for `deployment`, each value named after `tag`
 * (`vpc-<tag>`, `sg-<tag>-db`, `<tag>-db`…). The database is absent when the region runs no current one.
 */
export function regionOutputs(deployment: RegionDeployment, tag: string): RegionStackOutputs {
  const current = deployment.database.current;
  return {
    deployment,
    vpcId: `vpc-${tag}`,
    privateRouteTableIds: [1, 2, 3].map((i) => `rtb-${tag}-private-${i}`),
    isolatedRouteTableIds: [1, 2, 3].map((i) => `rtb-${tag}-isolated-${i}`),
    appSecurityGroupId: `sg-${tag}-app`,
    databaseSecurityGroupId: `sg-${tag}-db`,
    loadBalancer: {
      arn: `arn:aws:elasticloadbalancing:${deployment.region}:${FIXTURE_ACCOUNT}:loadbalancer/app/${tag}/abc`,
      arnSuffix: `app/${tag}-alb/abc`,
      dnsName: `${tag}.elb.amazonaws.com`,
      // One canonical zone per region, as ELB has: an alias pointing at the wrong region's zone shows.
      zoneId: `ZELB${tag.toUpperCase()}`,
      targetGroupArnSuffix: `targetgroup/${tag}/def`,
    },
    database: {
      port: 5432,
      current:
        current === undefined
          ? undefined
          : {
              identifier: `${tag}-db`,
              arn: `arn:aws:rds:${deployment.region}:${FIXTURE_ACCOUNT}:db:${tag}-db`,
              address: `${tag}-db.abc.${deployment.region}.rds.amazonaws.com`,
              isReplica: current.role === 'replica',
            },
    },
    hostedZoneId: FIXTURE_HOSTED_ZONE_ID,
    certificateArn: `arn:aws:acm:${deployment.region}:${FIXTURE_ACCOUNT}:certificate/${tag}`,
    clusterName: `${tag}-cluster`,
  };
}

/** Fixture outputs of both regions of `config`; fails when the config has no DR region. */
export function regionPair(config: AppConfig): {
  readonly primary: RegionStackOutputs;
  readonly dr: RegionStackOutputs;
} {
  if (config.dr === undefined)
    throw new Error(
      'regionPair: the config deploys no DR region (expected production with genai-demo:multi-region.enable-dr true)',
    );
  return { primary: regionOutputs(config.primary, PRIMARY_TAG), dr: regionOutputs(config.dr, DR_TAG) };
}
