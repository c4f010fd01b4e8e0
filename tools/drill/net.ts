/**
 * The drill's network probes that are not AWS API calls: HTTPS GET of a health endpoint and DNS queries
 * (the system resolver, and a zone's authoritative name servers directly). Behind an interface so the
 * unit tests replace them.
 */
import { Resolver } from 'node:dns/promises';
import { request } from 'node:https';

/** One HTTPS GET to make. */
export interface HttpsGetRequest {
  /** Host to connect to (a load balancer name or the public name). */
  readonly host: string;
  /** TLS server name and Host header (the name the certificate is for). */
  readonly serverName: string;
  readonly path: string;
  readonly timeoutMs: number;
  /** Skip certificate verification. */
  readonly insecure: boolean;
}

/** The answer of a GET. */
export interface HttpsGetResult {
  readonly status: number;
  /** The first 4 KiB of the body. */
  readonly body: string;
  readonly elapsedMs: number;
}

/** An authoritative DNS answer. */
export interface AuthoritativeAnswer {
  /** The name server that answered. */
  readonly server: string;
  readonly addresses: readonly string[];
}

export interface Net {
  /** A records of `name` through the system's resolvers. */
  resolve4(name: string): Promise<string[]>;
  /** A records of `name` asked directly of one of `nameServers` (tried in order). */
  queryAuthoritative(nameServers: readonly string[], name: string): Promise<AuthoritativeAnswer>;
  httpsGet(req: HttpsGetRequest): Promise<HttpsGetResult>;
}

const MAX_BODY = 4096;

/** DNS "no such record" codes: an empty answer, not a failure of the query. */
const NO_RECORD = new Set(['ENOTFOUND', 'ENODATA']);

/** The real network, with per-query timeouts. */
export class NodeNet implements Net {
  private readonly dnsTimeoutMs: number;

  constructor(dnsTimeoutMs: number) {
    this.dnsTimeoutMs = dnsTimeoutMs;
  }

  async resolve4(name: string): Promise<string[]> {
    return this.resolver().resolve4(name);
  }

  async queryAuthoritative(nameServers: readonly string[], name: string): Promise<AuthoritativeAnswer> {
    const errors: string[] = [];
    for (const server of nameServers) {
      const host = server.replace(/\.$/, '');
      try {
        const ips = await this.resolve4(host);
        const resolver = this.resolver();
        resolver.setServers(ips.slice(0, 1));
        try {
          return { server: host, addresses: await resolver.resolve4(name) };
        } catch (err) {
          if (NO_RECORD.has((err as NodeJS.ErrnoException).code ?? '')) return { server: host, addresses: [] };
          throw err;
        }
      } catch (err) {
        errors.push(`${host}: ${(err as Error).message}`);
      }
    }
    throw new Error(`no authoritative name server answered (${errors.join('; ') || 'none given'})`);
  }

  httpsGet(req: HttpsGetRequest): Promise<HttpsGetResult> {
    const started = Date.now();
    return new Promise((resolve, reject) => {
      const r = request(
        {
          host: req.host,
          servername: req.serverName,
          port: 443,
          path: req.path,
          method: 'GET',
          headers: { Host: req.serverName, Accept: 'application/json' },
          rejectUnauthorized: !req.insecure,
          timeout: req.timeoutMs,
        },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            if (body.length < MAX_BODY) body += chunk.slice(0, MAX_BODY - body.length);
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body, elapsedMs: Date.now() - started }));
          res.on('error', reject);
        },
      );
      const deadline = setTimeout(() => r.destroy(new Error(`no answer within ${req.timeoutMs} ms`)), req.timeoutMs);
      r.on('timeout', () => r.destroy(new Error(`no answer within ${req.timeoutMs} ms`)));
      r.on('error', reject);
      r.on('close', () => clearTimeout(deadline));
      r.end();
    });
  }

  private resolver(): Resolver {
    return new Resolver({ timeout: this.dnsTimeoutMs, tries: 1 });
  }
}
