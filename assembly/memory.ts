// The pointer layer's allocator: raw, unmanaged blocks from the runtime's TLSF heap (16-byte aligned,
// so v128 loads of f64 pairs are aligned). The TypeScript side owns every block it allocates.

/** A block of at least `bytes` bytes, 16-byte aligned. */
export function alloc(bytes: usize): usize {
  return heap.alloc(bytes);
}

/** Return a block from `alloc`. */
export function free(ptr: usize): void {
  heap.free(ptr);
}
