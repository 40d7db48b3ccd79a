// Small Float64Arrays from pooled slabs. V8 keeps typed arrays of ≤ 64 bytes on the JS heap but gives every
// larger one its own off-heap ArrayBuffer (≈ 0.9 µs each here, against ≈ 0.06 µs for a view into an existing
// buffer), which dominated small kernel calls. Like Node's Buffer pool: arrays of ≤ 128 doubles are carved from
// 8 KiB slabs (never reused, so they start zeroed); a slab lives as long as any array carved from it.
import { ImplicitRegError } from './errors.js';

const SLAB_BYTES = 8192;
const POOLED_MAX = 128; // doubles

let slab = new ArrayBuffer(SLAB_BYTES);
let offset = 0;

/** A zero-filled Float64Array of `length` entries (pooled when small; `.buffer` may be shared). */
export function allocF64(length: number): Float64Array {
  if (length > POOLED_MAX) {
    try {
      return new Float64Array(length);
    } catch {
      // V8's RangeError (length beyond its limit, or the allocation failed): a memory error stating the size
      throw new ImplicitRegError('memory', `allocF64: ${length} doubles (${(length * 8 / 2 ** 30).toPrecision(3)} GiB) could not be allocated`);
    }
  }
  const bytes = length * 8;
  if (offset + bytes > SLAB_BYTES) {
    slab = new ArrayBuffer(SLAB_BYTES);
    offset = 0;
  }
  const out = new Float64Array(slab, offset, length);
  offset += bytes;
  return out;
}
