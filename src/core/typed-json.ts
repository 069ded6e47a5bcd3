/**
 * Typed arrays in JSON: `{ dtype, base64 }` records (little-endian), exact for every value.
 *
 * @module
 */

/** A typed array as JSON. */
export interface TypedArrayJson {
  readonly dtype: 'f64' | 'f32' | 'i32';
  readonly base64: string;
}

/** Encode a typed array for JSON. */
export function typedToJson(a: Float64Array | Float32Array | Int32Array): TypedArrayJson {
  const dtype = a instanceof Float64Array ? 'f64' : a instanceof Float32Array ? 'f32' : 'i32';
  return { dtype, base64: Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64') };
}

/** Decode a {@link typedToJson} record; throws TypeError on a malformed one. */
export function typedFromJson(j: unknown, what = 'array'): Float64Array | Float32Array | Int32Array {
  const r = j as Partial<TypedArrayJson> | null;
  if (!r || typeof r !== 'object' || typeof r.base64 !== 'string' || !['f64', 'f32', 'i32'].includes(String(r.dtype))) {
    throw new TypeError(`${what}: expected { dtype: 'f64' | 'f32' | 'i32', base64 }`);
  }
  const buf = Buffer.from(r.base64, 'base64');
  const size = r.dtype === 'f64' ? 8 : 4;
  if (buf.length % size !== 0) throw new TypeError(`${what}: ${buf.length} bytes is not a whole number of ${r.dtype} values`);
  const ab = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
  return r.dtype === 'f64' ? new Float64Array(ab) : r.dtype === 'f32' ? new Float32Array(ab) : new Int32Array(ab);
}
