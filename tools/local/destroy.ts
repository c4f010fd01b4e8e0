/**
 * Emulator-only step before `terraform destroy`: production turns deletion protection on for the ALBs
 * and the databases (as it must on AWS), and the emulator enforces it, so a destroy would stop at the
 * first protected resource. On the emulator only (the endpoint must be a loopback address), protection
 * is switched off through the API first; nothing in the synthesized Terraform changes. On AWS, turning
 * protection off stays a deliberate operator action.
 */
import {
  DescribeLoadBalancersCommand,
  ElasticLoadBalancingV2Client,
  ModifyLoadBalancerAttributesCommand,
  DescribeLoadBalancerAttributesCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  ModifyDBClusterCommand,
  ModifyDBInstanceCommand,
  RDSClient,
} from '@aws-sdk/client-rds';
import type { AppConfig } from '../../config';
import { clientSettings } from '../lib/aws';

/** True for `http://127.0.0.1:5200`, `http://localhost:…`: the local emulator, never AWS. */
export function isLoopbackEndpoint(endpoint: string | undefined): boolean {
  if (endpoint === undefined || endpoint === '') return false;
  try {
    const host = new URL(endpoint).hostname;
    return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\./.test(host);
  } catch {
    return false;
  }
}

/** Turns deletion protection off on every ALB, DB instance and DB cluster of the deployment's regions; returns what it changed. */
export async function disableDeletionProtection(config: AppConfig, env: NodeJS.ProcessEnv): Promise<string[]> {
  if (!isLoopbackEndpoint(env.AWS_ENDPOINT_URL)) {
    throw new Error(
      `refusing to turn deletion protection off: ${env.AWS_ENDPOINT_URL ?? 'AWS'} is not the local emulator`,
    );
  }
  const regions = [...new Set([config.primary.region, ...(config.dr ? [config.dr.region] : [])])];
  const changed: string[] = [];
  for (const region of regions) {
    const elb = new ElasticLoadBalancingV2Client(clientSettings(region, env));
    const rds = new RDSClient(clientSettings(region, env));
    try {
      for (const lb of (await elb.send(new DescribeLoadBalancersCommand({}))).LoadBalancers ?? []) {
        const attrs =
          (await elb.send(new DescribeLoadBalancerAttributesCommand({ LoadBalancerArn: lb.LoadBalancerArn })))
            .Attributes ?? [];
        if (!attrs.some((a) => a.Key === 'deletion_protection.enabled' && a.Value === 'true')) continue;
        await elb.send(
          new ModifyLoadBalancerAttributesCommand({
            LoadBalancerArn: lb.LoadBalancerArn,
            Attributes: [{ Key: 'deletion_protection.enabled', Value: 'false' }],
          }),
        );
        changed.push(`ALB ${lb.LoadBalancerName} (${region})`);
      }
      for (const db of (await rds.send(new DescribeDBInstancesCommand({}))).DBInstances ?? []) {
        if (db.DeletionProtection !== true) continue;
        await rds.send(
          new ModifyDBInstanceCommand({
            DBInstanceIdentifier: db.DBInstanceIdentifier,
            DeletionProtection: false,
            ApplyImmediately: true,
          }),
        );
        changed.push(`DB instance ${db.DBInstanceIdentifier} (${region})`);
      }
      for (const cluster of (await rds.send(new DescribeDBClustersCommand({}))).DBClusters ?? []) {
        if (cluster.DeletionProtection !== true) continue;
        await rds.send(
          new ModifyDBClusterCommand({
            DBClusterIdentifier: cluster.DBClusterIdentifier,
            DeletionProtection: false,
            ApplyImmediately: true,
          }),
        );
        changed.push(`DB cluster ${cluster.DBClusterIdentifier} (${region})`);
      }
    } finally {
      elb.destroy();
      rds.destroy();
    }
  }
  return changed;
}
