/**
 * Progress lines of the local deploy: `[stack] phase elapsed`, at the start and end of every phase and
 * every `heartbeatMs` while it runs, with the number of resources terraform reported done so far.
 */

/** Seconds with one decimal: `12.3 s`. */
export function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** One running phase of one stack. */
export interface PhaseProgress {
  /** A resource finished (creation, modification or destruction). */
  resourceDone(): void;
  /** The phase ended; `detail` follows the elapsed time. Returns the elapsed milliseconds. */
  end(ok: boolean, detail?: string): number;
}

export interface ProgressOptions {
  /** Where lines go. @default stdout */
  readonly write?: (line: string) => void;
  /** Interval of the "still running" lines. @default 15000 */
  readonly heartbeatMs?: number;
  /** Clock, for tests. @default Date.now */
  readonly now?: () => number;
}

export class Progress {
  private readonly write: (line: string) => void;
  private readonly heartbeatMs: number;
  private readonly now: () => number;

  constructor(opts: ProgressOptions = {}) {
    this.write = opts.write ?? ((line) => process.stdout.write(`${line}\n`));
    this.heartbeatMs = opts.heartbeatMs ?? 15_000;
    this.now = opts.now ?? Date.now;
  }

  /** A line not tied to a stack. */
  note(line: string): void {
    this.write(line);
  }

  /** Starts a phase of a stack and prints `[stack] phase started`. */
  start(stack: string, phase: string): PhaseProgress {
    const t0 = this.now();
    let done = 0;
    this.write(`[${stack}] ${phase} started`);
    const timer =
      this.heartbeatMs > 0
        ? setInterval(() => {
            const count = done > 0 ? `, ${done} resource${done === 1 ? '' : 's'} done` : '';
            this.write(`[${stack}] ${phase} ${formatSeconds(this.now() - t0)}${count}`);
          }, this.heartbeatMs)
        : undefined;
    timer?.unref();
    return {
      resourceDone: () => {
        done++;
      },
      end: (ok, detail) => {
        if (timer !== undefined) clearInterval(timer);
        const elapsed = this.now() - t0;
        this.write(
          `[${stack}] ${phase} ${ok ? 'done' : 'FAILED'} ${formatSeconds(elapsed)}${detail ? `: ${detail}` : ''}`,
        );
        return elapsed;
      },
    };
  }
}
