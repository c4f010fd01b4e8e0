/**
 * Multi-region disaster recovery for genai-demo.
 *
 *   cdktf.json context ──► config (validated, derived)
 *                               │
 *   PrimaryRegionStack  (Taiwan, ap-east-2)  ── always
 *   DisasterRecoveryStack (Tokyo, ap-northeast-1)        ┐
 *        │ the writer region's stack applies first       │
 *        │ (genai-demo:multi-region.writer-region):       │ production with
 *        │ the other region's replica needs its source    │ genai-demo:multi-region.enable-dr
 *        ▼  remote state: VPC, route tables, ALB, DB      │
 *   MultiRegionStack   (peering both sides, monitoring)  │
 *   Route53FailoverStack (health checks, DNS, us-east-1) ┘
 */
import { runApp } from './stacks/app-runner';
import { DisasterRecoveryStack } from './stacks/disaster-recovery-stack';
import { MultiRegionStack } from './stacks/multi-region-stack';
import { PrimaryRegionStack } from './stacks/primary-region-stack';
import { Route53FailoverStack } from './stacks/route53-failover-stack';

import type { App } from 'cdktf';
import type { AppConfig } from './config';

export function buildStacks(app: App, config: AppConfig): void {
  const primary = new PrimaryRegionStack(app, config.stackNames.primary, { config });

  if (config.dr && config.stackNames.dr && config.stackNames.multiRegion && config.stackNames.failover) {
    const dr = new DisasterRecoveryStack(app, config.stackNames.dr, { config, primary });
    // The replica's source ARN is built from config, so neither region stack reads the other's state; the
    // order still follows the roles, because a replica can only be created once its writer exists.
    if (config.roles.replica !== undefined) {
      if (config.primary.isWriter) dr.addDependency(primary);
      else primary.addDependency(dr);
    }

    const multiRegion = new MultiRegionStack(app, config.stackNames.multiRegion, { config, primary, dr });
    multiRegion.addDependency(primary);
    multiRegion.addDependency(dr);

    const failover = new Route53FailoverStack(app, config.stackNames.failover, { config, primary, dr });
    failover.addDependency(primary);
    failover.addDependency(dr);
  }
}

if (require.main === module) runApp(buildStacks);
