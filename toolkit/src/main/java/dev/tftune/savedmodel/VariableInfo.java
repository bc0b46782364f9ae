package dev.tftune.savedmodel;

import java.util.Arrays;

/**
 * A variable of a graph.
 *
 * @param name the variable's op name, used by training plans and checkpoints
 * @param shape its static shape
 * @param dtype dtype in Python spelling
 * @param kind {@link Kind#REF} for {@code VariableV2}, {@link Kind#RESOURCE} for {@code VarHandleOp}
 */
public record VariableInfo(String name, long[] shape, String dtype, Kind kind) {

  /** How the graph holds the variable; the two need different read and update ops. */
  public enum Kind {
    REF, RESOURCE;

    @Override
    public String toString() {
      return name().toLowerCase();
    }
  }

  /** Number of elements. */
  public long size() {
    long n = 1;
    for (long d : shape) {
      n *= Math.max(d, 0);
    }
    return n;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VariableInfo v && name.equals(v.name) && Arrays.equals(shape, v.shape)
        && dtype.equals(v.dtype) && kind == v.kind;
  }

  @Override
  public int hashCode() {
    return name.hashCode();
  }
}
