/** RULES.md is generated from the rule files: it must list every rule and be up to date. */
import { readFileSync } from 'node:fs';
import { ALL_RULES } from '../../policies/rules';
import { renderRulesDoc, RULES_DOC } from '../../tools/policies/generate-rules-doc';

test('RULES.md is up to date (regenerate with `npm run rules:doc`)', () => {
  expect(readFileSync(RULES_DOC, 'utf8')).toBe(renderRulesDoc());
});

test('every rule has a row with its id, severity and checkov ids', () => {
  const doc = renderRulesDoc();
  for (const rule of ALL_RULES) {
    const row = doc.split('\n').find((l) => l.startsWith(`| \`${rule.id}\` | ${rule.severity} |`));
    expect(row).toBeDefined();
    for (const id of rule.checkov ?? []) expect(row).toContain(id);
  }
});
