import { AcmCertificate } from '@cdktf/provider-aws/lib/acm-certificate';
import { AcmCertificateValidation } from '@cdktf/provider-aws/lib/acm-certificate-validation';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { Fn, TerraformIterator, Token } from 'cdktf';
import { Construct } from 'constructs';

/** Default TTL of the validation CNAMEs, in seconds. */
const DEFAULT_VALIDATION_TTL = 300;

/** Props of a DNS-validated ACM certificate. */
export interface CertificateProps {
  /** The certificate's primary name, e.g. `api.kimkao.io`. */
  readonly domainName: string;
  /** Further names the certificate covers. @default - none */
  readonly subjectAlternativeNames?: readonly string[];
  /** Public hosted zone the validation CNAMEs are written to. */
  readonly zoneId: string;
  /** Name tag of the certificate. @default - the domain name */
  readonly name?: string;
  /** TTL of the validation CNAMEs, in seconds. @default 300 */
  readonly validationRecordTtl?: number;
}

/**
 * An ACM certificate in the stack's region, validated through DNS in the hosted zone. `certificateArn` is the
 * validation's output, so whatever uses it (the HTTPS listener) waits until the certificate is issued.
 */
export class Certificate extends Construct {
  readonly certificate: AcmCertificate;
  /** ARN of the issued certificate (available once validation has completed). */
  readonly certificateArn: string;

  constructor(scope: Construct, id: string, props: CertificateProps) {
    super(scope, id);
    const sans = [...new Set(props.subjectAlternativeNames ?? [])].filter((n) => n !== props.domainName);

    this.certificate = new AcmCertificate(this, 'Certificate', {
      domainName: props.domainName,
      subjectAlternativeNames: sans.length > 0 ? sans : undefined,
      validationMethod: 'DNS',
      keyAlgorithm: 'RSA_2048',
      tags: { Name: props.name ?? props.domainName },
      lifecycle: { createBeforeDestroy: true },
    });

    // One validation record per name, keyed by the name. The names are known at synth, so they are the
    // for_each keys; each record's name, type and value are picked from domain_validation_options, a set
    // only known once ACM has answered. Keying by that set instead (for_each over domain_validation_options,
    // what TerraformIterator.fromComplexList generates) fails on the first plan: cdktf wraps the set in
    // tolist(), which is wholly unknown until the certificate exists ("Invalid for_each argument").
    const names = TerraformIterator.fromList([props.domainName, ...sans]);
    const options = TerraformIterator.fromList(this.certificate.domainValidationOptions);
    const optionOf = (attribute: string): string =>
      Token.asString(Fn.one(options.forExpressionForList(`val.${attribute} if val.domain_name == ${names.key}`)));
    const records = new Route53Record(this, 'ValidationRecord', {
      forEach: names,
      zoneId: props.zoneId,
      name: optionOf('resource_record_name'),
      type: optionOf('resource_record_type'),
      records: [optionOf('resource_record_value')],
      ttl: props.validationRecordTtl ?? DEFAULT_VALIDATION_TTL,
      // ACM derives the validation CNAME from the domain name and the account, not from the certificate: the
      // primary (Taiwan) and DR (Tokyo) certificates both cover api.<domain> and api-latency.<domain>, so both
      // stacks write the very same record. Overwriting lets the second stack adopt it instead of failing with
      // "record already exists". Destroying one stack removes the shared record; the other re-creates it on
      // its next apply, and an issued certificate keeps renewing as long as the record is back before renewal.
      allowOverwrite: true,
    });

    const validation = new AcmCertificateValidation(this, 'Validation', {
      certificateArn: this.certificate.arn,
      validationRecordFqdns: Token.asList(TerraformIterator.fromResources(records).pluckProperty('fqdn')),
    });
    this.certificateArn = validation.certificateArn;
  }
}

/** Names on the primary region's certificate. */
export function primaryCertificateNames(domain: string): string[] {
  return [`api.${domain}`, `api-latency.${domain}`];
}

/** Names on the DR region's certificate: its own names plus the primary's, so TLS stays valid after failover. */
export function drCertificateNames(domain: string): string[] {
  return [`dr.${domain}`, `api-dr.${domain}`, ...primaryCertificateNames(domain)];
}
