package dev.tftune.savedmodel;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * A tensor named in a signature.
 *
 * @param name graph tensor name, such as {@code input_tensor:0}
 * @param dtype TensorFlow dtype name in Python spelling ({@code float32}, {@code int32}, ...)
 * @param shape dimensions, -1 where unknown; null when the rank itself is unknown
 */
public record TensorInfo(String name, String dtype, long[] shape) {

  /** The leading dimension when it is fixed ({@code > 0}), else -1. */
  public long fixedBatch() {
    return shape != null && shape.length > 0 && shape[0] > 0 ? shape[0] : -1;
  }

  /** The op name, without the output index. */
  public String opName() {
    int colon = name.lastIndexOf(':');
    return colon < 0 ? name : name.substring(0, colon);
  }

  /** Shape as {@code [-1,32,32,3]}, or {@code unknown}. */
  public String shapeString() {
    return shape == null ? "unknown" : Arrays.stream(shape).mapToObj(Long::toString)
        .collect(Collectors.joining(",", "[", "]"));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TensorInfo t && name.equals(t.name) && dtype.equals(t.dtype)
        && Arrays.equals(shape, t.shape);
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + Arrays.hashCode(shape);
  }

  @Override
  public String toString() {
    return name + " " + dtype + shapeString();
  }
}
