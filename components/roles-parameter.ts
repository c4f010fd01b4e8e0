import { SsmParameter } from '@cdktf/provider-aws/lib/ssm-parameter';
import { Construct } from 'constructs';
import type { Roles } from '../config';

/** Props of the published roles. */
export interface RolesParameterProps {
  /** Parameter name, e.g. `/genai-demo-production/roles`. */
  readonly name: string;
  /** The roles derived from `genai-demo:multi-region.writer-region`. */
  readonly roles: Roles;
}

/** The document stored in the parameter: plain values from config, nothing known only at deploy time. */
export interface RolesDocument {
  readonly writerRegion: string;
  /** Identifier of the writer DB instance. */
  readonly writerDatabase: string;
  /** The other region of the pair; null without DR. */
  readonly standbyRegion: string | null;
  /** Identifier of the cross-region read replica; null when there is none. */
  readonly replicaDatabase: string | null;
  /** The stable database name that follows the writer (private hosted zone); null without DR. */
  readonly databaseHost: string | null;
}

/** The JSON document of the roles, in a fixed key order (the same config always gives the same text). */
export function rolesDocument(roles: Roles): RolesDocument {
  return {
    writerRegion: roles.writerRegion,
    writerDatabase: roles.writer.identifier,
    standbyRegion: roles.standbyRegion ?? null,
    replicaDatabase: roles.replica?.identifier ?? null,
    databaseHost: roles.databaseDns?.recordName ?? null,
  };
}

/**
 * Who writes, as a JSON `String` parameter in the stack's region, so an application or an operator in either
 * region can ask (`aws ssm get-parameter --name /<prefix>/roles`). Each region stack writes its own copy:
 * during a regional outage only the surviving region's copy is updated, the lost region's catches up when
 * its stack is applied again.
 */
export class RolesParameter extends Construct {
  readonly parameter: SsmParameter;

  constructor(scope: Construct, id: string, props: RolesParameterProps) {
    super(scope, id);
    this.parameter = new SsmParameter(this, 'Parameter', {
      name: props.name,
      description: 'Database roles: writer region and instance, replica, stable database host name (JSON)',
      type: 'String',
      tier: 'Standard',
      insecureValue: JSON.stringify(rolesDocument(props.roles)),
    });
  }
}
