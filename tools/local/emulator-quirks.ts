/**
 * Re-plan differences that come from the emulator, not from the configuration: moto 5.2 drops or adds
 * some attributes when it reads a resource back, so `terraform plan` after a clean apply shows an
 * in-place update that real AWS would not. The stacks stay exactly as they go to AWS (no
 * ignore_changes for the emulator's sake); instead the re-plan's JSON (`terraform show -json`) is
 * checked here, and a stack passes only when every planned change is an update limited to the
 * attributes of one of these known quirks. Anything else (a create, a delete, a replacement, another
 * attribute) is a real drift and fails the re-plan.
 */

/** One resource change of `terraform show -json <plan>` (the fields used here). */
export interface PlanResourceChange {
  readonly address: string;
  readonly type: string;
  readonly change: {
    readonly actions: readonly string[];
    readonly before: Record<string, unknown> | null;
    readonly after: Record<string, unknown> | null;
    readonly after_unknown?: Record<string, unknown>;
  };
}

/** A known emulator read-back defect: which resource type, which attributes, and why. */
export interface EmulatorQuirk {
  readonly id: string;
  readonly resourceType: string;
  /** Top-level attributes the quirk may show as changed. */
  readonly attributes: readonly string[];
  /** What the emulator does differently from AWS. */
  readonly explanation: string;
  /** Extra condition on the change (e.g. the emulator's value is empty), so a real drift is not excused. */
  readonly applies?: (
    before: Record<string, unknown>,
    after: Record<string, unknown>,
    plan: readonly PlanResourceChange[],
  ) => boolean;
}

const isEmpty = (v: unknown): boolean =>
  v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);

/** The launch template's own tags (resource type `launch-template`) that moto echoes as tag specifications. */
const onlyTemplateTags = (v: unknown): boolean =>
  Array.isArray(v) && v.every((t) => (t as { resource_type?: string }).resource_type === 'launch-template');

const PEERING_SIDES = ['aws_vpc_peering_connection', 'aws_vpc_peering_connection_accepter'];

/**
 * True when the peering side's full tag set as read (`tags_all`) is exactly the full tag set configured
 * on the other side of the same connection in this plan: the emulator keeps one tag set for both
 * regions' views of the connection. (`tags` as read is that set minus this side's equal default tags.)
 */
const tagsOfOtherSide = (before: Record<string, unknown>, plan: readonly PlanResourceChange[]): boolean => {
  const read = JSON.stringify(before.tags_all ?? null);
  return (
    read !== 'null' &&
    plan.some(
      (rc) =>
        PEERING_SIDES.includes(rc.type) &&
        (rc.change.before ?? rc.change.after)?.id === before.id &&
        JSON.stringify(rc.change.after?.tags_all ?? null) === read,
    )
  );
};

export const EMULATOR_QUIRKS: readonly EmulatorQuirk[] = [
  ...PEERING_SIDES.map(
    (resourceType): EmulatorQuirk => ({
      id: 'peering-shared-tags',
      resourceType,
      attributes: ['tags', 'tags_all'],
      explanation:
        'moto keeps a single tag set for a cross-region peering connection, so the requester (Taiwan) and accepter ' +
        "(Tokyo) sides overwrite each other; on AWS each region's view of the connection has its own tags",
      applies: (before, _after, plan) => tagsOfOtherSide(before, plan),
    }),
  ),
  {
    id: 'sg-rule-description',
    resourceType: 'aws_vpc_security_group_ingress_rule',
    attributes: ['description'],
    explanation: "moto does not return a security group rule's Description from DescribeSecurityGroupRules; AWS does",
    applies: (before) => isEmpty(before.description),
  },
  {
    id: 'sg-rule-description',
    resourceType: 'aws_vpc_security_group_egress_rule',
    attributes: ['description'],
    explanation: "moto does not return a security group rule's Description from DescribeSecurityGroupRules; AWS does",
    applies: (before) => isEmpty(before.description),
  },
  {
    id: 'launch-template-own-tags',
    resourceType: 'aws_launch_template',
    attributes: ['tag_specifications', 'default_version', 'latest_version'],
    explanation:
      'moto copies the tags of the launch template itself into its LaunchTemplateData.TagSpecifications ' +
      '(resource type "launch-template"); AWS keeps them apart, so the provider reads an extra block and plans a new version',
    applies: (before, after) => onlyTemplateTags(before.tag_specifications) && isEmpty(after.tag_specifications),
  },
  {
    id: 'node-group-update-config',
    resourceType: 'aws_eks_node_group',
    attributes: ['update_config', 'launch_template'],
    explanation:
      "moto does not return a node group's updateConfig from DescribeNodegroup (and the launch template version " +
      'follows the launch-template-own-tags quirk); AWS returns both as set',
    applies: (before, after) => {
      const lt = (v: unknown) => (Array.isArray(v) ? (v[0] as Record<string, unknown> | undefined) : undefined);
      const b = lt(before.launch_template);
      const a = lt(after.launch_template);
      // The launch template block may differ only in its version (unknown until the new version exists).
      const sameTemplate = b === undefined || a === undefined || (b.id === a.id && b.name === a.name);
      const updateConfigLost =
        JSON.stringify(before.update_config ?? null) === JSON.stringify(after.update_config ?? null) ||
        isEmpty(before.update_config);
      return updateConfigLost && sameTemplate;
    },
  },
];

/** Top-level attributes that differ between before and after, or become unknown. */
export function changedAttributes(change: PlanResourceChange['change']): string[] {
  const before = change.before ?? {};
  const after = change.after ?? {};
  const unknown = change.after_unknown ?? {};
  const keys = new Set([...Object.keys(before), ...Object.keys(after), ...Object.keys(unknown)]);
  const hasUnknown = (v: unknown): boolean =>
    v === true ||
    (Array.isArray(v) ? v.some(hasUnknown) : v !== null && typeof v === 'object' && Object.values(v).some(hasUnknown));
  return [...keys]
    .filter((k) => JSON.stringify(before[k] ?? null) !== JSON.stringify(after[k] ?? null) || hasUnknown(unknown[k]))
    .sort();
}

/** A planned change fully explained by a known quirk. */
export interface ExcusedChange {
  readonly address: string;
  /** The attributes the plan changes, sorted. */
  readonly attributes: readonly string[];
  /** The `id` of the quirk that explains it. */
  readonly quirk: string;
}

/** `address: attrs (emulator quirk id)`, as the logs and the local bench report print it. */
export function describeExcused(e: ExcusedChange): string {
  return `${e.address}: ${e.attributes.join(', ')} (emulator quirk ${e.quirk})`;
}

/** How a re-plan's changes were judged. */
export interface QuirkClassification {
  /** Changes fully explained by a known quirk. */
  readonly excused: readonly ExcusedChange[];
  /** Real drift: `address: actions, attrs`. */
  readonly unexplained: readonly string[];
}

/** Sorts every planned change into known emulator quirks and real drift. */
export function classifyPlan(
  changes: readonly PlanResourceChange[],
  quirks: readonly EmulatorQuirk[] = EMULATOR_QUIRKS,
): QuirkClassification {
  const excused: ExcusedChange[] = [];
  const unexplained: string[] = [];
  for (const rc of changes) {
    const actions = rc.change.actions;
    if (actions.length === 1 && (actions[0] === 'no-op' || actions[0] === 'read')) continue;
    const attrs = changedAttributes(rc.change);
    const quirk =
      actions.length === 1 && actions[0] === 'update'
        ? quirks.find(
            (q) =>
              q.resourceType === rc.type &&
              attrs.length > 0 &&
              attrs.every((a) => q.attributes.includes(a)) &&
              (q.applies?.(rc.change.before ?? {}, rc.change.after ?? {}, changes) ?? true),
          )
        : undefined;
    if (quirk) excused.push({ address: rc.address, attributes: attrs, quirk: quirk.id });
    else unexplained.push(`${rc.address}: ${actions.join('+')} ${attrs.join(', ')}`);
  }
  return { excused, unexplained };
}
