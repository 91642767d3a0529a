import fc from 'fast-check';

/**
 * Building blocks for property-based tests of bad input: odd Unicode, huge strings, values of the wrong type.
 */

/** Characters that break naive text handling: bidi overrides, zero-width, BOM, NUL, lone surrogates, emoji. */
export const ODD_CHARACTERS = [
  '\u202E', // right-to-left override
  '\u202D',
  '\u200F', // right-to-left mark
  '\u200B', // zero-width space
  '\u200C',
  '\u200D', // zero-width joiner
  '\u2060',
  '\uFEFF', // byte order mark
  '\u0000',
  '\u0008',
  '\u001B',
  '\uD800', // lone high surrogate
  '\uDBFF',
  '\uDC00', // lone low surrogate
  '\uFFFF',
  '😀',
  '👩‍👩‍👧‍👦',
  '🏳️‍🌈',
  'ﷺ',
  'שלום',
  'مرحبا',
  'Z̴̡̛̗̞͎̗̈́͋̇̓a̸̢̙̠̹̓l̷̡̛̼g̷̙̈́o̶̥̊',
  '\r\n',
  '\t',
  '<at>Baken</at>',
  '</at>',
  '**',
  '[x](javascript:alert(1))',
  '${process.env}',
  '{{x}}',
  '%00',
  '../../',
  '\\u0000',
  '"',
  "'",
  '<script>',
];

/** Huge strings of about 100 kB (UTF-8), made of plain, wide, zero-width, RTL and surrogate characters. */
export const HUGE_STRINGS = [
  'x'.repeat(100_000),
  '\u200B'.repeat(33_000),
  '😀'.repeat(25_000),
  '\u202Eשלום'.repeat(10_000),
  '\uD800'.repeat(16_000),
  'ab\u0000'.repeat(20_000),
];

/** A string of odd characters and ordinary text mixed. */
export const oddString: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      fc.constantFrom(...ODD_CHARACTERS),
      fc.string({ unit: 'binary', maxLength: 8 }),
      fc.string({ maxLength: 8 }),
    ),
    { maxLength: 12 },
  )
  .map((parts) => parts.join(''));

/** Any odd string: short and odd, arbitrary code points, or (rarely) huge. */
export const anyText: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: oddString, weight: 6 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 60 }), weight: 3 },
  { arbitrary: fc.constantFrom(...HUGE_STRINGS), weight: 1 },
);

/** A value of any JSON type, small. */
export const wrongType: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: false }),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.oneof(fc.integer(), fc.string({ maxLength: 4 })), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.oneof(fc.integer(), fc.string({ maxLength: 4 })), {
    maxKeys: 3,
  }),
  fc.constantFrom('', ' ', '-1', '1e309', 'NaN', 'true', '[]', '{}'),
);

/** A value for a field that should be a string: an odd string, or a value of another type. */
export const junk: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: anyText, weight: 3 },
  { arbitrary: wrongType, weight: 2 },
);

/** Object keys that trip up code that copies objects naively. */
export const ODD_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'fields', 'f_', 'f_x', '', ' '];

/** A case, shortened for a failure message (long strings cut, with their length). */
export function describeInput(input: unknown): string {
  return JSON.stringify(input, (_key, value: unknown) => {
    if (typeof value === 'string' && value.length > 80)
      return `${value.slice(0, 30)}…(${value.length} chars)`;
    const buffer = value as { type?: unknown; data?: unknown } | null;
    if (buffer?.type === 'Buffer' && Array.isArray(buffer.data)) {
      const bytes = Buffer.from(buffer.data as number[]);
      return `<${bytes.length} bytes: ${JSON.stringify(bytes.subarray(0, 60).toString('latin1'))}>`;
    }
    return value;
  });
}

/**
 * Runs an async property and fails with a short message: the error and the shrunk input with long strings cut
 * (fast-check's own report would print 100 kB strings in full).
 */
export async function checkProperty<T>(
  arbitrary: fc.Arbitrary<T>,
  predicate: (input: T) => Promise<void>,
  numRuns: number,
  /** A seed to use when FUZZ_SEED is not set (a test whose checks after the run need a known sequence). */
  defaultSeed?: number,
): Promise<void> {
  // FUZZ_SEED (the seed a failure printed) replays a run.
  const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : defaultSeed;
  const details = await fc.check(fc.asyncProperty(arbitrary, predicate), {
    numRuns,
    endOnFailure: true,
    seed,
  });
  if (!details.failed) return;
  const cause =
    details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
  throw new Error(
    `property failed after ${details.numRuns} runs (seed ${details.seed}, path ${details.counterexamplePath}):\n` +
      `${cause.slice(0, 3000)}\ninput: ${describeInput(details.counterexample?.[0])}`,
  );
}
