/**
 * Benchmark baseline: the smallest app with the same imports as the real one (cdktf, the AWS provider
 * by deep path) and a single VPC. The difference to the full app's synth is the cost of our stacks.
 */
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { App, TerraformStack } from 'cdktf';

const app = new App({ outdir: process.env.CDKTF_OUTDIR ?? 'cdktf.out' });
const stack = new TerraformStack(app, 'one-vpc');
new AwsProvider(stack, 'Aws', { region: 'ap-east-2' });
new Vpc(stack, 'Vpc', { cidrBlock: '10.0.0.0/16' });
app.synth();
