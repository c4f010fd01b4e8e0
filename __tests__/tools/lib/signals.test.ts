import { INTERRUPT_SIGNALS, onInterrupt } from '../../../tools/lib/signals';

describe('onInterrupt (the one signal handler of the tools)', () => {
  test('SIGINT and SIGTERM reach the handler with a running count; removing it restores the listeners', () => {
    const before = INTERRUPT_SIGNALS.map((s) => process.listenerCount(s));
    const seen: Array<[string, number]> = [];
    const remove = onInterrupt((signal, count) => seen.push([signal, count]));
    expect(INTERRUPT_SIGNALS.map((s) => process.listenerCount(s))).toEqual(before.map((n) => n + 1));
    process.emit('SIGINT', 'SIGINT');
    process.emit('SIGTERM', 'SIGTERM');
    expect(seen).toEqual([
      ['SIGINT', 1],
      ['SIGTERM', 2],
    ]);
    remove();
    expect(INTERRUPT_SIGNALS.map((s) => process.listenerCount(s))).toEqual(before);
  });
});
