// Shared pieces of the fuzz tests: a runner that counts the inputs each property tries and bounds the time of each,
// the checks every refusal must pass, and mutations of valid inputs (bytes, text, JSON values). Mutations start from
// a valid file because random bytes almost never get past a parser's first check; a valid file with one thing wrong
// reaches the deep code paths.
import fc from 'fast-check';
import { afterAll, expect, it } from 'vitest';
import { ImportError } from '../../../src/core/import/bundle';
import { FUZZ_RUNS, FUZZ_SEEDS } from './runs';

type Family = keyof typeof FUZZ_RUNS;
type PropertyName<F extends Family> = keyof (typeof FUZZ_RUNS)[F] & string;

/**
 * One input taking longer than this is a failure: every input here is small (a few KB), parsers take well under
 * 50 ms on one, so only a hang or a blow-up (quadratic on a pathological input) comes near it.
 */
export const SLOW_INPUT_MS = 2000;

/** What a predicate may say about its input, for the tally: whether the parser accepted or refused it. */
export type Outcome = 'accepted' | 'refused';

export interface PropertyOptions {
  /** Vitest's timeout for the whole property. */
  timeoutMs: number;
  /**
   * Both outcomes must occur: a mutation property whose inputs are all refused (or all accepted) is not reaching the
   * code it is meant to test.
   */
  bothOutcomes?: boolean;
}

/**
 * Registers the family's properties as vitest tests, each with its numRuns from runs.ts and a seed derived from the
 * family's, and prints how many inputs the file tried. Each test checks that every planned input really ran.
 */
export function fuzzFamily<F extends Family>(family: F) {
  const planned = FUZZ_RUNS[family] as Record<string, number>;
  const lines: string[] = [];
  let tried = 0;
  let index = 0;
  afterAll(() => {
    console.info([`[fuzz] ${family}: ${tried} inputs tried`, ...lines].join('\n'));
  });

  const property = <T>(
    name: PropertyName<F>,
    arbitrary: fc.Arbitrary<T>,
    predicate: (value: T) => Outcome | void | Promise<Outcome | void>,
    options: PropertyOptions,
  ) => {
    const numRuns = planned[name];
    if (numRuns === undefined) throw new Error(`no run count for ${family}: ${name} in runs.ts`);
    const seed = FUZZ_SEEDS[family] + index++;
    it(name, async () => {
      let count = 0;
      const outcomes = { accepted: 0, refused: 0 };
      const timed = async (value: T) => {
        count++;
        const start = performance.now();
        const outcome = await predicate(value);
        const elapsed = performance.now() - start;
        if (elapsed > SLOW_INPUT_MS) throw new Error(`one input took ${Math.round(elapsed)} ms`);
        if (outcome) outcomes[outcome]++;
      };
      await fc.assert(fc.asyncProperty(arbitrary, timed), { seed, numRuns });
      // A property that quietly skipped inputs (fc.pre, a filter gone wrong) would overstate what was tested.
      expect(count).toBe(numRuns);
      if (options.bothOutcomes) {
        expect(outcomes.accepted, 'some inputs accepted').toBeGreaterThan(0);
        expect(outcomes.refused, 'some inputs refused').toBeGreaterThan(0);
      }
      tried += count;
      const split = outcomes.accepted + outcomes.refused > 0 ? ` (${outcomes.accepted} accepted, ${outcomes.refused} refused)` : '';
      lines.push(`  ${name}: ${count}${split}`);
    }, options.timeoutMs);
  };
  return { property };
}

// ---------------------------------------------------------------------------------------------------------------
// What a refusal must look like

/**
 * Text that tells the reader what is wrong; `input` is what was parsed, so echoes of it are not held against it.
 * Plain checks, expect only on failure: files with thousands of skipped rows give thousands of messages.
 */
export function expectClearMessage(message: string, input = ''): void {
  if (typeof message !== 'string' || message.trim() === '') expect.fail(`an empty message: ${JSON.stringify(message)}`);
  // Signs of a value that was never there, or of an object turned into a string.
  for (const sign of ['undefined', '[object ', 'NaN']) {
    if (message.includes(sign) && !input.includes(sign)) expect.fail(`unclear message: ${message}`);
  }
}

/** The error must be the parser's own ImportError, naming the file, with a clear message. */
export function expectImportError(error: unknown, file: string, input = ''): asserts error is ImportError {
  if (!(error instanceof ImportError)) {
    // Rethrown as is, so fast-check shows the real crash (TypeError, RangeError...) and its stack.
    throw error;
  }
  expect(error.problem.file).toBe(file);
  expect(error.message.startsWith(`${file}: `)).toBe(true);
  expectClearMessage(error.problem.message, input);
}

/** Runs `parse`; returns its result, or undefined when it refused the input with a proper ImportError. */
export function acceptedOrImportError<T>(parse: () => T, file: string, input = ''): T | undefined {
  try {
    return parse();
  } catch (error) {
    expectImportError(error, file, input);
    return undefined;
  }
}

export async function acceptedOrImportErrorAsync<T>(parse: () => Promise<T>, file: string, input = ''): Promise<T | undefined> {
  try {
    return await parse();
  } catch (error) {
    expectImportError(error, file, input);
    return undefined;
  }
}

/** Bytes as Latin-1 text: every byte one character, to look for echoes of the input in a message. */
export const latin1 = (bytes: Uint8Array): string => new TextDecoder('latin1').decode(bytes);

// ---------------------------------------------------------------------------------------------------------------
// Strings

/** Characters that mean something to some parser here, and ones that trip up text handling. */
export const SPECIAL_SNIPPETS = [
  '\uFEFF', '\u0000', '\u0001', '\u007f', '\u0085', '\u2028', '\ud800', '\udfff', '\ud83d\ude00', 'é', '亚太化',
  '"', '""', "'", '\\', '\\u', '\\u12', '/', ',', ';', '\t', '|', ':', ' ', '\n', '\r', '\r\n', '\n\n', '#', '#:',
  '{', '}', '[', ']', '{}', '[]', ':', 'null', 'true', '-0', '1e999', '-1e999', '0.1', '1.5', '9007199254740993',
  '{{c1::', '}}', '{{c0::x}}', '{{C1::x}}', '{{c1::a::}}', '::', '<b>', '<br>', '&amp;', '<script>',
  '#separator:Tab\n', '#separator:\n', '#separator:""\n', '#html:true\n', '#html:maybe\n', '#columns:Front,Back\n',
  '#tags column:2\n', '#deck column:0\n', '#guid column:99999999999999999999\n', '#deck:\n', '#notetype:Basic\n',
  'tags:a b\n', '__proto__', 'constructor', 'toString', 'hasOwnProperty',
];

/** Any UTF-16 code unit sequence, lone surrogate halves included (JavaScript strings may hold them). */
export const anyChar = fc.oneof(
  { weight: 6, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
  { weight: 1, arbitrary: fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)) },
  { weight: 3, arbitrary: fc.constantFrom(...SPECIAL_SNIPPETS) },
);

export const anyString = (maxLength = 200) => fc.string({ unit: anyChar, maxLength });

/** Where in an input: anywhere, or near a place that matters (a header, a field). Resolved once the length is known. */
export type Position = { kind: 'any'; n: number } | { kind: 'hot'; i: number; d: number };
export const position: fc.Arbitrary<Position> = fc.oneof(
  fc.record({ kind: fc.constant('any' as const), n: fc.nat() }),
  fc.record({ kind: fc.constant('hot' as const), i: fc.nat(), d: fc.integer({ min: -4, max: 64 }) }),
);

function resolve(p: Position, length: number, hotspots: readonly number[]): number {
  if (p.kind === 'hot' && hotspots.length > 0) {
    const at = (hotspots[p.i % hotspots.length] ?? 0) + p.d;
    return Math.max(0, Math.min(length, at));
  }
  return (p.kind === 'any' ? p.n : p.i) % (length + 1);
}

export type TextOp =
  | { op: 'insert'; at: Position; text: string }
  | { op: 'delete'; at: Position; length: number }
  | { op: 'duplicate'; at: Position; length: number; to: Position }
  | { op: 'truncate'; at: Position }
  | { op: 'replace'; at: Position; text: string };

export const textOp: fc.Arbitrary<TextOp> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant('insert' as const), at: position, text: fc.oneof(fc.constantFrom(...SPECIAL_SNIPPETS), anyString(12)) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('delete' as const), at: position, length: fc.integer({ min: 1, max: 40 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('duplicate' as const), at: position, length: fc.integer({ min: 1, max: 200 }), to: position }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('truncate' as const), at: position }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('replace' as const), at: position, text: fc.oneof(fc.constantFrom(...SPECIAL_SNIPPETS), anyChar) }) },
);

/** Applies the operations in turn; `hotspots` are offsets worth aiming at (line starts, quotes, keys...). */
export function mutateText(base: string, ops: readonly TextOp[], hotspots: readonly number[] = []): string {
  let s = base;
  for (const op of ops) {
    const at = resolve(op.at, s.length, hotspots);
    switch (op.op) {
      case 'insert':
        s = s.slice(0, at) + op.text + s.slice(at);
        break;
      case 'delete':
        s = s.slice(0, at) + s.slice(at + op.length);
        break;
      case 'duplicate': {
        const piece = s.slice(at, at + op.length);
        const to = resolve(op.to, s.length, hotspots);
        s = s.slice(0, to) + piece + s.slice(to);
        break;
      }
      case 'truncate':
        s = s.slice(0, at);
        break;
      case 'replace':
        s = s.slice(0, at) + op.text + s.slice(at + 1);
        break;
    }
  }
  return s;
}

export const textOps = fc.array(textOp, { minLength: 1, maxLength: 4 });

/** Offsets of every occurrence of the characters in `chars`: where a mutation changes the structure. */
export function offsetsOf(text: string, chars: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) if (chars.includes(text.charAt(i))) out.push(i);
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Bytes

/** Values that break size and offset fields: zero, all ones, sign bits, just past the end. */
const U32_VALUES = [0, 1, 2, 0x7f, 0x80, 0xff, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff];

export type ByteOp =
  | { op: 'flip'; at: Position; bit: number }
  | { op: 'set'; at: Position; value: number }
  | { op: 'u32'; at: Position; value: number | 'length' }
  | { op: 'truncate'; at: Position }
  | { op: 'delete'; at: Position; length: number }
  | { op: 'insert'; at: Position; bytes: Uint8Array }
  | { op: 'duplicate'; at: Position; length: number; to: Position };

const interestingBytes = fc.oneof(
  fc.uint8Array({ minLength: 1, maxLength: 16 }),
  fc.constantFrom(
    new Uint8Array([0]),
    new Uint8Array([0xff, 0xff, 0xff, 0xff]),
    new Uint8Array([0xef, 0xbb, 0xbf]),
    new Uint8Array([0x50, 0x4b, 0x03, 0x04]),
    new Uint8Array([0x50, 0x4b, 0x01, 0x02]),
    new Uint8Array([0x50, 0x4b, 0x05, 0x06]),
    new Uint8Array([0x28, 0xb5, 0x2f, 0xfd]),
    new Uint8Array([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01]),
  ),
);

export const byteOp: fc.Arbitrary<ByteOp> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant('flip' as const), at: position, bit: fc.integer({ min: 0, max: 7 }) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('set' as const), at: position, value: fc.oneof(fc.constantFrom(0, 0xff, 0x7f, 0x80), fc.integer({ min: 0, max: 255 })) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('u32' as const), at: position, value: fc.oneof(fc.constantFrom<number | 'length'>(...U32_VALUES, 'length'), fc.integer({ min: 0, max: 0xffffffff })) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('truncate' as const), at: position }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('delete' as const), at: position, length: fc.integer({ min: 1, max: 64 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('insert' as const), at: position, bytes: interestingBytes }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('duplicate' as const), at: position, length: fc.integer({ min: 1, max: 256 }), to: position }) },
);

export const byteOps = fc.array(byteOp, { minLength: 1, maxLength: 4 });

export function mutateBytes(base: Uint8Array, ops: readonly ByteOp[], hotspots: readonly number[] = []): Uint8Array {
  let b = base.slice();
  const splice = (at: number, remove: number, insert: Uint8Array) => {
    const out = new Uint8Array(b.length - Math.min(remove, b.length - at) + insert.length);
    out.set(b.subarray(0, at), 0);
    out.set(insert, at);
    out.set(b.subarray(at + remove), at + insert.length);
    b = out;
  };
  for (const op of ops) {
    const at = resolve(op.at, b.length, hotspots);
    switch (op.op) {
      case 'flip':
        if (at < b.length) b[at] = (b[at] ?? 0) ^ (1 << op.bit);
        break;
      case 'set':
        if (at < b.length) b[at] = op.value;
        break;
      case 'u32': {
        const value = op.value === 'length' ? b.length : op.value;
        for (let k = 0; k < 4 && at + k < b.length; k++) b[at + k] = (value >>> (8 * k)) & 0xff;
        break;
      }
      case 'truncate':
        b = b.slice(0, at);
        break;
      case 'delete':
        splice(at, op.length, new Uint8Array(0));
        break;
      case 'insert':
        splice(at, 0, op.bytes);
        break;
      case 'duplicate': {
        const piece = b.slice(at, at + op.length);
        splice(resolve(op.to, b.length, hotspots), 0, piece);
        break;
      }
    }
  }
  return b;
}

/** Offsets where a 4-byte little-endian signature starts (zip records, zstd frames). */
export function signatureOffsets(bytes: Uint8Array, signatures: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 0; i + 4 <= bytes.length; i++) {
    const word = ((bytes[i] ?? 0) | ((bytes[i + 1] ?? 0) << 8) | ((bytes[i + 2] ?? 0) << 16) | ((bytes[i + 3] ?? 0) << 24)) >>> 0;
    if (signatures.includes(word)) out.push(i);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// JSON values

/** Values of the wrong type or at the edge of a type, all of which JSON can carry. */
export const weirdJsonValue: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom<unknown>(
      null, true, false, 0, -0, -1, 1, 2, 3, 4, 5, 0.5, 1.5, -1.5, 1e308, -1e308, 5e-324, 2 ** 31, 2 ** 32, 2 ** 53,
      2 ** 53 + 2, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 8.64e15, 8.64e15 + 1, 1e21,
      '', ' ', '\t\n', '\u0000', '\uFEFF', 'NaN', 'Infinity', '-Infinity', '1e999', '0x10', '1', 'true', 'null',
      '__proto__', 'constructor', 'x'.repeat(300), '😀'.repeat(201), '\ud800', '{{c1::x}}', '{{c1::}}', 'a b',
      [], {}, [null], [[]], [''], ['a', 'a'], { '': '' }, { __proto__: null, a: 1 },
    ),
  },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  { weight: 1, arbitrary: anyString(40) },
  // Deeper values are given as text (deck-json's jsonish): fast-check itself recurses when it prints a value.
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 500 }).map(deepArray) },
);

/** `[[[...]]]`, `depth` levels: deep nesting must not overflow the stack of whoever walks it. */
export function deepArray(depth: number): unknown {
  let value: unknown = [];
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

/** Values no JSON file holds but a caller of validateDeck might pass: NaN, undefined, holes, bigints, symbols... */
export const weirdJsValue: fc.Arbitrary<unknown> = fc.oneof(
  weirdJsonValue,
  fc.constantFrom<unknown>(NaN, Infinity, -Infinity, undefined, 1n, Symbol('s'), new Date(NaN), new Map(), [, 1], new Array(3), Object.create(null)),
);

export type JsonPath = (string | number)[];

/** Every path in `value`, the root included; deep nesting below `maxDepth` is not listed. */
export function pathsOf(value: unknown, maxDepth = 12): JsonPath[] {
  const out: JsonPath[] = [];
  const walk = (v: unknown, path: JsonPath) => {
    out.push(path);
    if (path.length >= maxDepth || typeof v !== 'object' || v === null) return;
    if (Array.isArray(v)) v.forEach((item, i) => walk(item, [...path, i]));
    else for (const key of Object.keys(v)) walk((v as Record<string, unknown>)[key], [...path, key]);
  };
  walk(value, []);
  return out;
}

export type JsonOp =
  | { op: 'replace'; path: number; value: unknown }
  | { op: 'remove'; path: number }
  | { op: 'addKey'; path: number; key: string; value: unknown }
  | { op: 'copy'; path: number; from: number }
  | { op: 'wrap'; path: number; inArray: boolean }
  | { op: 'tweak'; path: number; text: string; number: number };

export const jsonOp = (values: fc.Arbitrary<unknown>): fc.Arbitrary<JsonOp> =>
  fc.oneof(
    { weight: 5, arbitrary: fc.record({ op: fc.constant('replace' as const), path: fc.nat(), value: values }) },
    { weight: 3, arbitrary: fc.record({ op: fc.constant('remove' as const), path: fc.nat() }) },
    {
      weight: 1,
      arbitrary: fc.record({
        op: fc.constant('addKey' as const),
        path: fc.nat(),
        key: fc.oneof(fc.constantFrom('id', 'notes', 'kind', 'progress', 'state', 'fields', '__proto__', 'extra', ''), fc.string({ maxLength: 6 })),
        value: values,
      }),
    },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('copy' as const), path: fc.nat(), from: fc.nat() }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('wrap' as const), path: fc.nat(), inArray: fc.boolean() }) },
    // Same type, other value: keeps many inputs valid, so the code after validation runs on odd but legal values.
    {
      weight: 4,
      arbitrary: fc.record({
        op: fc.constant('tweak' as const),
        path: fc.nat(),
        text: fc.oneof(anyString(30), fc.constantFrom('{{c1::x}}', '{{c2::y}} {{c1::z}}', 'One', 'Two', 'n1', 'n2', 'Front', 'Back')),
        number: fc.oneof(fc.integer({ min: -2, max: 5 }), fc.double({ noNaN: true }), fc.constantFrom(2 ** 53, 8.64e15, 1e300)),
      }),
    },
  );

export const jsonOps = (values: fc.Arbitrary<unknown> = weirdJsonValue) => fc.array(jsonOp(values), { minLength: 1, maxLength: 4 });

/**
 * Applies the operations to a copy of `base`. Paths are picked among the current value's paths (the number is taken
 * modulo their count), so every operation lands somewhere real. Keys are set with defineProperty, so a key named
 * "__proto__" is an own property, as JSON.parse makes it.
 */
export function mutateJson(base: unknown, ops: readonly JsonOp[]): unknown {
  let root: unknown = structuredClone(base);
  for (const op of ops) {
    const paths = pathsOf(root);
    const path = paths[op.path % paths.length] ?? [];
    const current = get(root, path);
    let next: unknown;
    switch (op.op) {
      case 'replace':
        next = op.value;
        break;
      case 'remove':
        if (path.length === 0) continue;
        root = remove(root, path);
        continue;
      case 'addKey':
        if (Array.isArray(current)) next = [...current, op.value];
        else if (typeof current === 'object' && current !== null) next = withKey(current, op.key, op.value);
        else continue;
        break;
      case 'copy':
        // Shared, not cloned: nothing is changed in place, and a clone would refuse symbols and functions.
        next = get(root, paths[op.from % paths.length] ?? []);
        break;
      case 'wrap':
        next = op.inArray ? [current] : { value: current };
        break;
      case 'tweak':
        if (typeof current === 'string') next = op.text;
        else if (typeof current === 'number') next = op.number;
        else if (typeof current === 'boolean') next = !current;
        else continue;
        break;
    }
    root = set(root, path, next);
  }
  return root;
}

function withKey(obj: object, key: string, value: unknown): object {
  const copy = { ...obj };
  Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
  return copy;
}

function get(root: unknown, path: JsonPath): unknown {
  let v = root;
  for (const key of path) v = (v as Record<string | number, unknown>)[key];
  return v;
}

function set(root: unknown, path: JsonPath, value: unknown): unknown {
  if (path.length === 0) return value;
  const [key, ...rest] = path;
  const parent = root as Record<string | number, unknown>;
  if (Array.isArray(parent)) {
    const copy = parent.slice();
    copy[key as number] = set(parent[key as number], rest, value);
    return copy;
  }
  return withKey(parent, String(key), set(parent[key as string], rest, value));
}

function remove(root: unknown, path: JsonPath): unknown {
  const parentPath = path.slice(0, -1);
  const key = path[path.length - 1]!;
  const parent = get(root, parentPath);
  let next: unknown;
  if (Array.isArray(parent)) next = parent.filter((_, i) => i !== key);
  else {
    const copy = { ...(parent as Record<string, unknown>) };
    delete copy[key as string];
    next = copy;
  }
  return set(root, parentPath, next);
}
