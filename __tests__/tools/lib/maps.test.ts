/** entryOf: the value of a key the caller built the map from, or an error naming the map, the key and what it has. */
import { entryOf } from '../../../tools/lib/maps';

const stacks = new Map([
  ['primary', 1],
  ['dr', 2],
]);

test('the value of a present key, also a falsy one', () => {
  expect(entryOf(stacks, 'dr', 'stack order')).toBe(2);
  expect(entryOf(new Map([['zero', 0]]), 'zero', 'counts')).toBe(0);
});

test('a missing key names the map, the key and the keys it has', () => {
  expect(() => entryOf(stacks, 'failover', 'stack order')).toThrow(
    /^stack order: nothing for failover \(has primary, dr\)$/,
  );
});

test('an empty map says it has nothing', () => {
  expect(() => entryOf(new Map<string, number>(), 'primary', 'plan files')).toThrow(
    /^plan files: nothing for primary \(has nothing\)$/,
  );
});
