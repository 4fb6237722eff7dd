/**
 * The kind of a typed array — 'Int32Array', 'Float64Array', … — whichever realm made it (a worker's, a `vm`
 * context's); undefined for anything else, a DataView or a Proxy of a typed array included (`ArrayBuffer.isView`
 * does not see through a Proxy). For the columnar entries that take typed arrays as they are.
 *
 * @example typedArrayKind(Int32Array.of(1)) === 'Int32Array'; typedArrayKind([1]) === undefined
 */
export function typedArrayKind(x: unknown): string | undefined {
  if (!ArrayBuffer.isView(x) || x instanceof DataView) return undefined;
  return Object.prototype.toString.call(x).slice(8, -1);
}
