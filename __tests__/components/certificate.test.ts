import { drCertificateNames, primaryCertificateNames } from '../../components/certificate';
import { resourcesOf, synthApp, type Json, type SynthesizedApp } from '../helpers/app';

const PRIMARY = 'genai-demo-production-primary';
const DR = 'genai-demo-production-dr';

function one(stack: Json, type: string): Json {
  const found = resourcesOf(stack, type);
  expect(found).toHaveLength(1);
  return found[0][1];
}

function certificateNames(stack: Json): string[] {
  const cert = one(stack, 'aws_acm_certificate');
  return [cert.domain_name, ...(cert.subject_alternative_names ?? [])];
}

describe('Certificate', () => {
  let app: SynthesizedApp;
  beforeAll(() => {
    app = synthApp();
  });

  test('primary certificate covers api and api-latency of the domain', () => {
    expect(certificateNames(app.stacks[PRIMARY])).toEqual(['api.kimkao.io', 'api-latency.kimkao.io']);
  });

  test('DR certificate covers dr, api-dr and the primary names, so TLS holds after failover', () => {
    expect(certificateNames(app.stacks[DR])).toEqual(['dr.kimkao.io', 'api-dr.kimkao.io', 'api.kimkao.io', 'api-latency.kimkao.io']);
  });

  test('names follow genai-demo:domain', () => {
    const { stacks } = synthApp({ 'genai-demo:domain': 'example.org' });
    expect(certificateNames(stacks[PRIMARY])).toEqual(primaryCertificateNames('example.org'));
    expect(certificateNames(stacks[DR])).toEqual(drCertificateNames('example.org'));
    expect(certificateNames(stacks[DR])).toContain('api.example.org');
  });

  test.each([PRIMARY, DR])('%s: DNS validation, one overwritable record per validation option, in the hosted zone', (name) => {
    const stack = app.stacks[name];
    const cert = one(stack, 'aws_acm_certificate');
    expect(cert.validation_method).toBe('DNS');
    expect(cert.lifecycle).toEqual({ create_before_destroy: true });
    const record = one(stack, 'aws_route53_record');
    // Keyed by the certificate's names (known at synth), never by the set ACM returns (unknown at first plan).
    const names = certificateNames(stack).map((n) => `"${n}"`).join(', ');
    expect(record.for_each).toBe(`\${toset([${names}])}`);
    const pick = (attr: string) =>
      `\${one([ for key, val in toset(tolist(aws_acm_certificate.Certificate_2C1F85B7.domain_validation_options)): val.${attr} if val.domain_name == each.key])}`;
    expect(record).toMatchObject({
      allow_overwrite: true,
      name: pick('resource_record_name'),
      type: pick('resource_record_type'),
      records: [pick('resource_record_value')],
      ttl: 300,
    });
    expect(record.zone_id).toMatch(/^\$\{data\.aws_route53_zone\.\w+\.zone_id\}$/);
  });

  test.each([PRIMARY, DR])('%s: validation waits for every validation record', (name) => {
    const stack = app.stacks[name];
    const validation = one(stack, 'aws_acm_certificate_validation');
    expect(validation.certificate_arn).toBe('${aws_acm_certificate.Certificate_2C1F85B7.arn}');
    expect(validation.validation_record_fqdns).toBe(
      '${[ for key, val in aws_route53_record.Certificate_ValidationRecord_2C573972: val.fqdn]}',
    );
  });
});
