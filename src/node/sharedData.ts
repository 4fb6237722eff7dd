/**
 * A prepared data set moved into shared memory: the same plain objects and numbers, every typed array copied
 * once into a `SharedArrayBuffer` of its own type, so worker threads receive it by `postMessage` without a copy
 * (the structured clone of a typed array over shared memory shares that memory) and read the very bytes the main
 * thread reads.
 *
 * @example shareData({ count: 2, T: Float64Array.of(1, 2) }).T.buffer instanceof SharedArrayBuffer // true
 */
export function shareData<D>(data: D): D {
  return share(data, 0) as D;
}

/** Deepest nesting copied: prepared data is a few levels deep; anything deeper is not model data. */
const MAX_DEPTH = 8;

function share(value: unknown, depth: number): unknown {
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const typed = value as unknown as {
      constructor: TypedArrayConstructor;
      length: number;
      BYTES_PER_ELEMENT: number;
    };
    const Kind = typed.constructor;
    const copy = new Kind(
      new SharedArrayBuffer(Math.max(1, typed.length) * typed.BYTES_PER_ELEMENT),
      0,
      typed.length,
    );
    copy.set(value as unknown as ArrayLike<number>);
    return copy;
  }
  if (value === null || typeof value !== 'object' || depth >= MAX_DEPTH) return value;
  if (Array.isArray(value)) return value.map((v) => share(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) out[key] = share(v, depth + 1);
  return out;
}

/** The constructors of the typed arrays prepared data holds (Float64Array, Uint32Array, Int32Array, …). */
type TypedArrayConstructor = new (
  buffer: SharedArrayBuffer,
  byteOffset: number,
  length: number,
) => { set(values: ArrayLike<number>): void };
