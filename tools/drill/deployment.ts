/**
 * What is deployed, read from the stacks' state objects: the failover stack's outputs (or `--outputs`),
 * the peering connection from the multi-region stack's state, the read replica from the state of the
 * stack of the region the roles put it in (the DR stack while Taiwan writes, the primary stack while
 * Tokyo writes: genai-demo:multi-region.writer-region and the database generations).
 */
import type { AppConfig } from '../../config';
import type { AwsGateway } from './aws';
import {
  outputsFromFile,
  outputsFromState,
  peeringIdFromState,
  readStackState,
  replicaIdentifierFromState,
  replicaLocation,
  type FailoverOutputs,
} from './outputs';

/** Identifiers the drill works on, each with the reason when absent. */
export interface Deployment {
  /** The failover stack's outputs. */
  readonly outputs: FailoverOutputs;
  /** The VPC peering connection id. @default - not found: see peeringNote */
  readonly peeringId?: string;
  /** Why there is no peering id (unused when there is one). */
  readonly peeringNote: string;
  /** The read replica's DB instance identifier, as the roles name it and its stack's state records it. @default - not found: see replicaNote */
  readonly replicaId?: string;
  /** The region of the replica the roles name. @default - no replica in the roles */
  readonly replicaRegion?: string;
  /** Why there is no replica identifier (unused when there is one). */
  readonly replicaNote: string;
}

/** Reads the deployment. `outputsFile` replaces the failover stack's state; the other states are still read. */
export async function readDeployment(aws: AwsGateway, config: AppConfig, outputsFile?: string): Promise<Deployment> {
  const failoverStack = config.stackNames.failover;
  let outputs: FailoverOutputs;
  if (outputsFile !== undefined) outputs = outputsFromFile(outputsFile);
  else if (failoverStack === undefined) {
    outputs = outputsFromState({
      location: 'config',
      error: `environment ${config.environment} deploys no failover stack (DR is off)`,
    });
  } else outputs = outputsFromState(await readStackState(aws, config, failoverStack));

  let peeringId: string | undefined;
  let peeringNote = 'no multi-region stack in this configuration';
  if (config.stackNames.multiRegion !== undefined) {
    const read = await readStackState(aws, config, config.stackNames.multiRegion);
    peeringId = peeringIdFromState(read.state);
    peeringNote = read.state ? `no aws_vpc_peering_connection in ${read.location}` : (read.error ?? 'state not read');
  }

  let replicaId: string | undefined;
  let replicaRegion: string | undefined;
  let replicaNote: string;
  const replica = replicaLocation(config);
  if (typeof replica === 'string') replicaNote = replica;
  else {
    replicaRegion = replica.region;
    const read = await readStackState(aws, config, replica.stack);
    replicaId = replicaIdentifierFromState(read.state, replica.identifier);
    replicaNote = read.state
      ? `no aws_db_instance ${replica.identifier} with replicate_source_db in ${read.location} (not applied yet, or promoted)`
      : (read.error ?? 'state not read');
  }
  return { outputs, peeringId, peeringNote, replicaId, replicaRegion, replicaNote };
}
