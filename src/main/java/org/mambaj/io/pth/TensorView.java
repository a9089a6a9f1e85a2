package org.mambaj.io.pth;

/**
 * A tensor as {@code torch._utils._rebuild_tensor_v2} describes it: a strided view into a storage. Turned into a
 * dense {@link org.mambaj.core.Tensor} only after the whole pickle was read and checked.
 */
record TensorView(StorageRef storage, long offset, long[] size, long[] stride) {}
