/** RolesParameter: the roles document from config, as a plain String parameter. */
import { SsmParameter } from '@cdktf/provider-aws/lib/ssm-parameter';
import { Testing } from 'cdktf';
import 'cdktf/lib/testing/adapters/jest';
import { RolesParameter, rolesDocument } from '../../components/roles-parameter';
import { configWith } from '../helpers/app';
import { one } from '../helpers/terraform';

const config = configWith();

test('a Standard String parameter holding the roles document', () => {
  const synthesized = Testing.synthScope(
    (scope) => new RolesParameter(scope, 'Roles', { name: '/demo/roles', roles: config.roles }),
  );
  expect(synthesized).toHaveResourceWithProperties(SsmParameter, {
    name: '/demo/roles',
    type: 'String',
    tier: 'Standard',
  });
  const value = JSON.parse(one(JSON.parse(synthesized), 'aws_ssm_parameter').insecure_value);
  expect(value).toEqual(rolesDocument(config.roles));
  expect(value.writerRegion).toBe(config.roles.writerRegion);
});

test('the document keeps a fixed key order and says null for what a single region lacks', () => {
  expect(Object.keys(rolesDocument(config.roles))).toEqual([
    'writerRegion',
    'writerDatabase',
    'standbyRegion',
    'replicaDatabase',
    'databaseHost',
  ]);
  const single = configWith({ 'genai-demo:multi-region': { 'enable-dr': false } });
  const doc = rolesDocument(single.roles);
  expect(doc.standbyRegion).toBeNull();
  expect(doc.replicaDatabase).toBeNull();
});
