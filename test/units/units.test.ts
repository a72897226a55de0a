import { Cpu, Duration, Size } from 'berth-k8s';
import { parseQuantity } from '../../lib/units/quantity';
import { isQuantity } from '../../lib/model/quantity';
import { thrownInvalidInput as thrown } from '../support/invalid-input';

describe('quantities', () => {
  test('isQuantity accepts the Kubernetes grammar and refuses the rest', () => {
    for (const ok of ['1', '250m', '1Gi', '1k', '1.5', '.5', '1e3', '2Ei', '100n']) expect(isQuantity(ok)).toBe(true);
    for (const bad of ['1K', '1.5x', 'Gi', '1 Gi', '', '1GiB', '1gi']) expect(isQuantity(bad)).toBe(false);
  });

  test('parseQuantity converts binary and decimal suffixes', () => {
    expect(parseQuantity('1Ki')).toBe(1024);
    expect(parseQuantity('250m')).toBe(0.25);
    expect(parseQuantity('2k')).toBe(2000);
    expect(parseQuantity('1e3')).toBe(1000);
  });
});

describe('Cpu', () => {
  test('millis and cores render as millicores or whole cores', () => {
    expect(Cpu.millis(250).toQuantity()).toBe('250m');
    expect(Cpu.cores(1).toQuantity()).toBe('1');
    expect(Cpu.cores(0.5).toQuantity()).toBe('500m');
    expect(Cpu.of('250m').millicores).toBe(250);
    expect(Cpu.of('1.5').toQuantity()).toBe('1500m');
  });

  test('malformed CPU amounts are refused with what is allowed', () => {
    expect(() => Cpu.of('1Gi')).toThrow(
      'Cpu.of: field quantity: a quantity but not a CPU amount (got "1Gi"). Allowed: cores like "1" or "0.5", or millicores like "250m".',
    );
    expect(thrown(() => Cpu.of('abc'))).toMatchObject({
      path: 'Cpu.of',
      field: 'quantity',
      value: 'abc',
      reason: 'not a valid CPU quantity',
    });
    expect(() => Cpu.millis(-1)).toThrow(
      'Cpu.millis: field amount: not a whole number of millicores >= 0 (got -1). Allowed: a whole number >= 0',
    );
    expect(() => Cpu.millis(Number.NaN)).toThrow('(got NaN)');
    expect(() => Cpu.cores(0.0001)).toThrow(/at most 3 decimals/);
  });
});

describe('Size', () => {
  test('units render in the unit they were made with', () => {
    expect(Size.mebibytes(256).toQuantity()).toBe('256Mi');
    expect(Size.gibibytes(10).toQuantity()).toBe('10Gi');
    expect(Size.gibibytes(1).toBytes()).toBe(1024 ** 3);
    expect(Size.of('1Gi').toQuantity()).toBe('1Gi');
  });

  test("a unit's byte count is what its quantity parses to", () => {
    const makers = [Size.bytes, Size.kibibytes, Size.mebibytes, Size.gibibytes, Size.tebibytes];
    for (const make of makers) {
      for (const amount of [0, 1, 3, 1000, 1536, 2 ** 20 + 7]) {
        const s = make(amount);
        expect(s.toBytes()).toBe(parseQuantity(s.toQuantity()));
        expect(s.toBytes()).toBe(Size.of(s.toQuantity()).toBytes());
      }
    }
    expect(Size.tebibytes(3).toBytes()).toBe(3 * 1024 ** 4);
    expect(Size.bytes(1000).toQuantity()).toBe('1000');
  });

  test('"1K" is refused, naming the allowed suffixes and suggesting Ki or k', () => {
    expect(() => Size.of('1K')).toThrow(
      'Size.of: field quantity: not a valid Kubernetes size (got "1K"). Allowed: a number with an optional suffix: binary Ki, Mi, Gi, Ti, Pi, Ei; decimal n, u, m, k, M, G, T, P, E; or an exponent like 1e3. Did you mean "1Ki" (binary) or "1k" (decimal)?',
    );
  });

  test('"1.5x", millibytes and negative sizes are refused', () => {
    expect(thrown(() => Size.of('1.5x'))).toMatchObject({
      path: 'Size.of',
      field: 'quantity',
      value: '1.5x',
      reason: 'not a valid Kubernetes size',
      hint: 'Write a number with one of these suffixes.',
    });
    expect(() => Size.of('1 Gi')).toThrow('Did you mean "1Gi" (binary) or "1G" (decimal)?');
    expect(() => Size.of('1 0Gi')).toThrow('Remove the spaces.');
    expect(() => Size.of('512m')).toThrow('Size.of: field quantity: "m" means thousandths of a byte (got "512m").');
    expect(() => Size.of('512m')).toThrow('Did you mean "512Mi"?');
    expect(() => Size.of('-1Gi')).toThrow(/sizes cannot be negative/);
    expect(thrown(() => Size.gibibytes(1.5))).toMatchObject({ path: 'Size.gibibytes', field: 'amount', value: 1.5 });
    expect(() => Size.gibibytes(1.5)).toThrow(/Use a smaller unit for fractions/);
  });
});

describe('Duration', () => {
  test('converts to whole seconds and refuses fractions', () => {
    expect(Duration.minutes(2).toSeconds()).toBe(120);
    expect(Duration.hours(1).toSeconds()).toBe(3600);
    expect(() => Duration.millis(1500).toSeconds('periodSeconds')).toThrow(
      'periodSeconds: 1500ms is not a whole number of seconds',
    );
    // The field may be given lazily: it is only built for the message.
    let built = 0;
    const field = (): string => {
      built++;
      return 'dev/shop/web: containers[0].livenessProbe.periodSeconds';
    };
    expect(Duration.seconds(3).toSeconds(field)).toBe(3);
    expect(built).toBe(0);
    expect(() => Duration.millis(2500).toSeconds(field)).toThrow(
      'dev/shop/web: containers[0].livenessProbe.periodSeconds: 2500ms is not a whole number of seconds',
    );
    expect(built).toBe(1);
    expect(() => Duration.seconds(-1)).toThrow(
      'Duration.seconds: field amount: negative or not a finite number (got -1). Allowed: a finite number >= 0.',
    );
    expect(() => Duration.minutes(Infinity)).toThrow('(got Infinity)');
  });
});
