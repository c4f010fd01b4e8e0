import { TerraformStack, type TerraformResource } from 'cdktf';
// cdktf's own address scheme (TerraformStack.allocateLogicalId): not re-exported by the package root.
import { makeUniqueId } from 'cdktf/lib/private/unique';
import type { Construct } from 'constructs';

/**
 * The Terraform address a resource of `type` had when it was the child `formerId` of `formerScope`,
 * computed the way cdktf 0.21 allocates logical ids (path below the stack, hashed).
 */
export function formerAddress(type: string, formerScope: Construct, formerId: string): string {
  const stack = TerraformStack.of(formerScope);
  const scopes = formerScope.node.scopes;
  const path = [...scopes.slice(scopes.indexOf(stack) + 1).map((s) => s.node.id), formerId];
  return `${type}.${makeUniqueId(path)}`;
}

/**
 * Declares that `resource` was the child `formerId` of `formerScope` before it moved into a building
 * block: Terraform `moved { from = <former address>, to = <its address now> }`, so a deployment made
 * before the move renames the object in its state instead of destroying and recreating it. Keep the
 * call while any deployment may still hold the former address (Terraform: "Refactoring", moved blocks).
 */
export function movedFrom(resource: TerraformResource, formerScope: Construct, formerId: string): void {
  resource.moveFromId(formerAddress(resource.terraformResourceType, formerScope, formerId));
}
