/**
 * The TypeScript side of the emulator's regional outage switch (tools/local/outage.ts) against a stub
 * HTTP server that records what it is asked: the method and query of each admin call, and how answers
 * that are not an outage report are refused with the URL named.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  endOutage,
  formatBlocked,
  outageReport,
  outageUrl,
  requestsTo,
  startOutage,
  type OutageReport,
} from '../../../tools/local/outage';

const REPORT: OutageReport = {
  down: ['ap-east-2'],
  since: 1796192845.579,
  requests: { 'ap-east-2': { attempts: 4, invocations: 2 }, 'ap-northeast-1': { attempts: 7, invocations: 7 } },
  blocked: {
    attempts: 4,
    invocations: 2,
    calls: [
      {
        region: 'ap-east-2',
        service: 's3',
        operation: 'GET /genai-demo-terraform-state/x.tfstate',
        attempts: 3,
        invocations: 1,
        maxAttempt: 3,
      },
      {
        region: 'ap-east-2',
        service: 'sts',
        operation: 'GetCallerIdentity',
        attempts: 1,
        invocations: 1,
        maxAttempt: 1,
      },
    ],
  },
};

let server: Server;
let endpoint: string;
let seen: Array<{ method?: string; url?: string }>;
let answer: { status: number; body: string };

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res) => {
    seen.push({ method: req.method, url: req.url });
    res.writeHead(answer.status, { 'content-type': 'application/json' });
    res.end(answer.body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((r) => server.close(r));
});

beforeEach(() => {
  seen = [];
  answer = { status: 200, body: JSON.stringify(REPORT) };
});

test('outageUrl: the admin path on the emulator endpoint, with the regions when starting', () => {
  expect(outageUrl('http://127.0.0.1:5201')).toBe('http://127.0.0.1:5201/__outage');
  expect(outageUrl('http://127.0.0.1:5201/', ['ap-east-2', 'us-east-1'])).toBe(
    'http://127.0.0.1:5201/__outage?down=ap-east-2,us-east-1',
  );
});

test('start, report and end are POST ?down=, GET and DELETE on /__outage, each returning the report', async () => {
  await expect(startOutage(endpoint, 'ap-east-2')).resolves.toEqual(REPORT);
  await expect(outageReport(endpoint)).resolves.toEqual(REPORT);
  await expect(endOutage(endpoint)).resolves.toEqual(REPORT);
  expect(seen).toEqual([
    { method: 'POST', url: '/__outage?down=ap-east-2' },
    { method: 'GET', url: '/__outage' },
    { method: 'DELETE', url: '/__outage' },
  ]);
});

test('an HTTP error names the method, URL, status and the reason the emulator gives', async () => {
  answer = { status: 400, body: JSON.stringify({ error: "expected ?down=<region>[,<region>...], got 'down=bogus'" }) };
  await expect(startOutage(endpoint, 'bogus')).rejects.toThrow(
    new RegExp(`^POST ${endpoint}/__outage\\?down=bogus: HTTP 400: expected \\?down=`),
  );
});

test('an answer that is not an outage report (plain moto_server, another service) is refused', async () => {
  answer = { status: 200, body: '<html>moto</html>' };
  await expect(outageReport(endpoint)).rejects.toThrow(
    /not an outage report \(is this the project's patched emulator\?/,
  );
  answer = { status: 200, body: JSON.stringify({ down: [] }) };
  await expect(outageReport(endpoint)).rejects.toThrow(/not an outage report/);
});

test('nothing listening: the error says the emulator did not answer', async () => {
  const closed = createServer();
  await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
  const port = (closed.address() as AddressInfo).port;
  await new Promise((r) => closed.close(r));
  await expect(endOutage(`http://127.0.0.1:${port}`)).rejects.toThrow(
    new RegExp(`^DELETE http://127.0.0.1:${port}/__outage: the emulator did not answer`),
  );
});

test('requestsTo and formatBlocked read a report', () => {
  expect(requestsTo(REPORT, 'ap-east-2')).toEqual({ attempts: 4, invocations: 2 });
  expect(requestsTo(REPORT, 'us-east-1')).toEqual({ attempts: 0, invocations: 0 });
  expect(formatBlocked(REPORT)).toEqual([
    'ap-east-2 s3 GET /genai-demo-terraform-state/x.tfstate: 3 attempts, 1 invocation',
    'ap-east-2 sts GetCallerIdentity: 1 attempt, 1 invocation',
  ]);
});
