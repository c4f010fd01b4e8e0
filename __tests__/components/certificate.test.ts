/**
 * Certificate on a bare stack: DNS validation with one overwritable record per name, and the names each
 * region's certificate covers. Which names each region stack asks for is checked in region-stacks.test.ts.
 */
import { AcmCertificate } from '@cdktf/provider-aws/lib/acm-certificate';
import { AcmCertificateValidation } from '@cdktf/provider-aws/lib/acm-certificate-validation';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { regionalProvider } from '../../components/aws-provider';
import {
  Certificate,
  drCertificateNames,
  primaryCertificateNames,
  type CertificateProps,
} from '../../components/certificate';
import { idOf, one, ref, synthJson, type Json } from '../helpers/terraform';

/** A certificate for `names` (the first is the domain name) on a bare stack, validated in zone Z123. */
function synthCertificate(names: readonly string[], props: Partial<CertificateProps> = {}): Json {
  const [domainName, ...subjectAlternativeNames] = names;
  return synthJson((stack) => {
    regionalProvider(stack, 'Aws', { region: 'ap-east-2', tags: {} });
    new Certificate(stack, 'Certificate', {
      domainName,
      subjectAlternativeNames,
      zoneId: 'Z123',
      name: 'fixture-api',
      ...props,
    });
  });
}

/** The names a synthesized certificate covers, the domain name first. */
function certificateNames(stack: Json): string[] {
  const cert = one(stack, 'aws_acm_certificate');
  return [cert.domain_name, ...(cert.subject_alternative_names ?? [])];
}

describe('certificate names', () => {
  test('primary: api and api-latency of the domain', () => {
    expect(primaryCertificateNames('kimkao.io')).toEqual(['api.kimkao.io', 'api-latency.kimkao.io']);
  });

  test('DR: dr, api-dr and the primary names, so TLS holds after failover', () => {
    expect(drCertificateNames('kimkao.io')).toEqual([
      'dr.kimkao.io',
      'api-dr.kimkao.io',
      'api.kimkao.io',
      'api-latency.kimkao.io',
    ]);
  });

  test('names follow the domain', () => {
    expect(primaryCertificateNames('example.org')).toEqual(['api.example.org', 'api-latency.example.org']);
    expect(drCertificateNames('example.org')).toContain('api.example.org');
  });
});

describe.each([
  ['primary', primaryCertificateNames('kimkao.io')],
  ['DR', drCertificateNames('kimkao.io')],
])('Certificate with the %s names', (_role, names) => {
  const stack = synthCertificate(names);
  const synthesized = JSON.stringify(stack);
  const certificateId = idOf(stack, 'aws_acm_certificate');

  test('covers exactly the names asked for, the first as domain name', () => {
    expect(certificateNames(stack)).toEqual(names);
  });

  test('DNS validation, one overwritable record per validation option, in the given zone', () => {
    expect(synthesized).toHaveResourceWithProperties(AcmCertificate, {
      domain_name: names[0],
      validation_method: 'DNS',
      lifecycle: { create_before_destroy: true },
      tags: { Name: 'fixture-api' },
    });
    const record = one(stack, 'aws_route53_record');
    // Keyed by the certificate's names (known at synth), never by the set ACM returns (unknown at first plan).
    const quoted = names.map((n) => `"${n}"`).join(', ');
    const pick = (attr: string) =>
      `\${one([ for key, val in toset(tolist(aws_acm_certificate.${certificateId}.domain_validation_options)): val.${attr} if val.domain_name == each.key])}`;
    expect(record.for_each).toBe(`\${toset([${quoted}])}`);
    expect(synthesized).toHaveResourceWithProperties(Route53Record, {
      allow_overwrite: true,
      name: pick('resource_record_name'),
      type: pick('resource_record_type'),
      records: [pick('resource_record_value')],
      ttl: 300,
      zone_id: 'Z123',
    });
  });

  test('validation waits for every validation record', () => {
    one(stack, 'aws_acm_certificate_validation');
    expect(synthesized).toHaveResourceWithProperties(AcmCertificateValidation, {
      certificate_arn: ref('aws_acm_certificate', certificateId, 'arn'),
      validation_record_fqdns: `\${[ for key, val in aws_route53_record.${idOf(stack, 'aws_route53_record')}: val.fqdn]}`,
    });
  });
});

test('the validation record TTL is a prop', () => {
  expect(
    JSON.stringify(synthCertificate(['api.example.org'], { validationRecordTtl: 60 })),
  ).toHaveResourceWithProperties(Route53Record, { ttl: 60 });
});
