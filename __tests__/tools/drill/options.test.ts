import {
  NODE_MAX_TIMER_MS,
  TIMING_RANGES,
  UsageError,
  defaultWaitSeconds,
  parseDrillArgs,
  type DrillOptions,
} from '../../../tools/drill/options';

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
    to: undefined,
    allowReplace: [],
    maxLagSeconds: undefined,
    drainTimeoutSeconds: 900,
    waitTimeoutSeconds: 3600,
  });
});

test('role-swap commands: switchover --to, failover --unplanned --to, reprotect, failback, with their options', () => {
  expect(parse('switchover', '--to', 'ap-northeast-1')).toEqual(
    expect.objectContaining({ command: 'switchover', to: 'ap-northeast-1' }),
  );
  expect(parse('failover', '--unplanned', '--to', 'ap-northeast-1', '--dry-run')).toEqual(
    expect.objectContaining({ command: 'failover-unplanned', to: 'ap-northeast-1', dryRun: true, planned: false }),
  );
  expect(parse('reprotect', '--allow-replace', 's:aws_db_instance.x', '--wait-timeout', '60')).toEqual(
    expect.objectContaining({ command: 'reprotect', allowReplace: ['s:aws_db_instance.x'], waitTimeoutSeconds: 60 }),
  );
  expect(parse('failback', '--max-lag', '0', '--drain-timeout', '30')).toEqual(
    expect.objectContaining({ command: 'failback', maxLagSeconds: 0, drainTimeoutSeconds: 30 }),
  );
  // The DNS drill is unchanged.
  expect(parse('failover', '--planned')).toEqual(expect.objectContaining({ command: 'failover', planned: true }));
});

test('failover --planned with every option', () => {
  const o = parse(
    'failover',
    '--planned',
    '--dry-run',
    '--confirm-production',
    '--outputs',
    'o.json',
    '--report-dir',
    'r',
    '--poll-interval',
    '2.5',
    '--failover-timeout',
    '120',
    '--failback-timeout',
    '90',
    '--http-timeout',
    '3',
    '--dns-timeout',
    '1',
    '--insecure',
    '--context',
    'genai-demo:domain=example.org',
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
  expect(parse('failover', '--planned', '--timeout', '40')).toEqual(
    expect.objectContaining({ failoverTimeoutSeconds: 40, failbackTimeoutSeconds: 40 }),
  );
  expect(parse('failover', '--planned', '--timeout', '40', '--failback-timeout', '5')).toEqual(
    expect.objectContaining({ failoverTimeoutSeconds: 40, failbackTimeoutSeconds: 5 }),
  );
});

test.each([
  [[], /expected one command/],
  [['restore'], /expected one command.*got restore/],
  [['check', 'failover'], /expected one command/],
  [['failover'], /pass --planned .* or --unplanned --to REGION/],
  [['check', '--planned'], /--planned applies to failover only/],
  [['failover', '--planned', '--unplanned', '--to', 'x'], /--planned .* and --unplanned .* exclude each other/],
  [['switchover'], /switchover: --to REGION is required/],
  [['failover', '--unplanned'], /failover --unplanned: --to REGION is required/],
  [
    ['failback', '--to', 'ap-east-2'],
    /--to applies to switchover and failover --unplanned only \(failback always goes to the primary region\)/,
  ],
  [['reprotect', '--unplanned'], /--unplanned applies to failover only/],
  [['check', '--allow-replace', 'x'], /--allow-replace applies to the role-swap commands only/],
  [['switchover', '--to', 'ap-northeast-1', '--max-lag=-1'], /--max-lag "-1": expected a number of seconds >= 0/],
  [['check', '--bogus'], /Unknown option '--bogus'/],
  [['failover', '--planned', '--timeout', '0'], /--timeout "0": expected a number of seconds >= 1 and <= 86400/],
  [
    ['failover', '--planned', '--timeout', '86401'],
    /--timeout "86401": expected a number of seconds >= 1 and <= 86400/,
  ],
  [['failover', '--planned', '--failover-timeout', '2147484'], /--failover-timeout "2147484"/],
  [['failover', '--planned', '--failback-timeout', '1e12'], /--failback-timeout "1e12"/],
  [
    ['failover', '--planned', '--poll-interval', '301'],
    /--poll-interval "301": expected a number of seconds >= 0.1 and <= 300/,
  ],
  [['check', '--http-timeout', 'Infinity'], /--http-timeout "Infinity"/],
  [['check', '--dns-timeout', '61'], /--dns-timeout "61"/],
  [['check', '--dns-timeout', ' '], /--dns-timeout " "/],
  [['check', '--outputs'], /Option '--outputs <value>' argument missing/],
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

test('every timing maximum fits a Node timer (2^31-1 ms); a longer delay would fire after 1 ms', () => {
  for (const [name, range] of Object.entries(TIMING_RANGES)) {
    expect({ name, ms: range.max * 1000 <= NODE_MAX_TIMER_MS }).toEqual({ name, ms: true });
  }
});

test('upper boundaries accepted: --timeout 86400, --poll-interval 300', () => {
  expect(parse('failover', '--planned', '--timeout', '86400', '--poll-interval', '300')).toEqual(
    expect.objectContaining({ failoverTimeoutSeconds: 86400, failbackTimeoutSeconds: 86400, pollIntervalSeconds: 300 }),
  );
});
