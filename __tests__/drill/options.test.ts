import { UsageError, defaultWaitSeconds, parseDrillArgs, type DrillOptions } from '../../tools/drill/options';

const ROOT = '/repo';

function parse(...argv: string[]): DrillOptions {
  const parsed = parseDrillArgs(argv, ROOT);
  if (parsed === 'help') throw new Error('unexpected help');
  return parsed;
}

test('check with defaults', () => {
  expect(parse('check')).toEqual({
    command: 'check',
    planned: false,
    dryRun: false,
    confirmProduction: false,
    outputsFile: undefined,
    reportDir: '/repo/.local/drill-reports',
    pollIntervalSeconds: 10,
    failoverTimeoutSeconds: undefined,
    failbackTimeoutSeconds: undefined,
    httpTimeoutSeconds: 5,
    dnsTimeoutSeconds: 3,
    insecure: false,
    contextArgs: [],
  });
});

test('failover --planned with every option', () => {
  const o = parse(
    'failover', '--planned', '--dry-run', '--confirm-production', '--outputs', 'o.json', '--report-dir', 'r',
    '--poll-interval', '2.5', '--failover-timeout', '120', '--failback-timeout', '90', '--http-timeout', '3',
    '--dns-timeout', '1', '--insecure', '--context', 'genai-demo:domain=example.org',
  );
  expect(o).toEqual(
    expect.objectContaining({
      command: 'failover',
      planned: true,
      dryRun: true,
      confirmProduction: true,
      outputsFile: 'o.json',
      reportDir: 'r',
      pollIntervalSeconds: 2.5,
      failoverTimeoutSeconds: 120,
      failbackTimeoutSeconds: 90,
      httpTimeoutSeconds: 3,
      dnsTimeoutSeconds: 1,
      insecure: true,
      contextArgs: ['--context', 'genai-demo:domain=example.org'],
    }),
  );
});

test('--timeout sets both waits; the specific ones win', () => {
  expect(parse('failover', '--planned', '--timeout', '40')).toEqual(expect.objectContaining({ failoverTimeoutSeconds: 40, failbackTimeoutSeconds: 40 }));
  expect(parse('failover', '--planned', '--timeout', '40', '--failback-timeout', '5')).toEqual(
    expect.objectContaining({ failoverTimeoutSeconds: 40, failbackTimeoutSeconds: 5 }),
  );
});

test.each([
  [[], /expected one command/],
  [['restore'], /expected one command.*got restore/],
  [['check', 'failover'], /expected one command/],
  [['failover'], /only the planned drill exists; pass --planned/],
  [['check', '--planned'], /--planned applies to failover only/],
  [['check', '--bogus'], /Unknown option '--bogus'/],
  [['failover', '--planned', '--timeout', '0'], /--timeout "0": expected a number of seconds >= 1/],
  [['failover', '--planned', '--poll-interval', 'fast'], /--poll-interval "fast"/],
  [['failover', '--planned', '--poll-interval', '0.05'], /--poll-interval "0.05".*>= 0.1/],
])('%j is a usage error', (argv, message) => {
  expect(() => parseDrillArgs(argv, ROOT)).toThrow(UsageError);
  expect(() => parseDrillArgs(argv, ROOT)).toThrow(message);
});

test('boundaries accepted: --timeout 1, --poll-interval 0.1', () => {
  expect(parse('failover', '--planned', '--timeout', '1', '--poll-interval', '0.1')).toEqual(
    expect.objectContaining({ failoverTimeoutSeconds: 1, pollIntervalSeconds: 0.1 }),
  );
});

test('-h prints help', () => {
  expect(parseDrillArgs(['-h'], ROOT)).toBe('help');
});

test('default wait: 300 s, or twice the computed worst case when longer', () => {
  expect(defaultWaitSeconds(156)).toBe(312);
  expect(defaultWaitSeconds(100)).toBe(300);
  expect(defaultWaitSeconds(150)).toBe(300);
});
