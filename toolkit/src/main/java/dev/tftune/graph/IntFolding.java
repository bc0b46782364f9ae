package dev.tftune.graph;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongBinaryOperator;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorProto;

/**
 * Integer and boolean scalars and vectors computed when the graph is built, for the ops that
 * decide how often a loop runs (counters, sequence lengths read from static shapes, their
 * comparisons). Written by hand because TensorFlow's own constant folding runs inside the
 * session, where Java cannot ask it for a value; only these few ops are needed.
 */
final class IntFolding {
  /** Ops whose integer result is computed here from their inputs' values. */
  static final Set<String> FOLDED = Set.of("Const", "Identity", "Add", "AddV2", "Sub", "Mul",
      "Maximum", "Minimum", "FloorDiv", "Less", "LessEqual", "Greater", "GreaterEqual", "Equal",
      "NotEqual", "LogicalAnd", "LogicalOr", "LogicalNot", "Cast", "Shape", "StridedSlice",
      "Pack", "Reshape", "Squeeze", "ExpandDims");

  /**
   * A value known when the graph is built: a scalar or a vector, booleans as 0 and 1;
   * elements not known (a dynamic dimension of a shape) are null.
   */
  record Ints(Long[] values, boolean scalar) {
    static Ints scalar(Long v) {
      return new Ints(new Long[] {v}, true);
    }

    /** The scalar's value, or null when it is not a known scalar. */
    Long known() {
      return scalar ? values[0] : null;
    }
  }

  private IntFolding() {}

  /**
   * Output 0 of {@code node} from its data inputs' values.
   *
   * @param inputShape the static dimensions of input 0 (-1 where unknown), or null
   */
  static Optional<Ints> fold(NodeDef node, List<Optional<Ints>> inputs, long[] inputShape) {
    String op = node.getOp();
    if (op.equals("Const")) {
      return constant(node.getAttrOrThrow("value").getTensor());
    }
    if (op.equals("Shape")) {
      if (inputShape == null) {
        return Optional.empty();
      }
      Long[] dims = new Long[inputShape.length];
      for (int i = 0; i < dims.length; i++) {
        dims[i] = inputShape[i] < 0 ? null : inputShape[i];
      }
      return Optional.of(new Ints(dims, false));
    }
    if (op.equals("LogicalAnd") || op.equals("LogicalOr")) {
      // one known operand can decide: false && unknown is false
      long decisive = op.equals("LogicalAnd") ? 0 : 1;
      for (Optional<Ints> in : inputs) {
        if (in.isPresent() && in.get().scalar() && Long.valueOf(decisive).equals(in.get().known())) {
          return Optional.of(Ints.scalar(decisive));
        }
      }
    }
    for (Optional<Ints> in : inputs) {
      if (in.isEmpty()) {
        return Optional.empty();
      }
    }
    return switch (op) {
      case "Identity", "Cast" -> inputs.get(0);
      case "Add", "AddV2" -> binary(inputs, Long::sum);
      case "Sub" -> binary(inputs, (a, b) -> a - b);
      case "Mul" -> binary(inputs, (a, b) -> a * b);
      case "Maximum" -> binary(inputs, Math::max);
      case "Minimum" -> binary(inputs, Math::min);
      case "FloorDiv" -> binary(inputs, (a, b) -> b == 0 ? 0 : Math.floorDiv(a, b));
      case "Less" -> binary(inputs, (a, b) -> a < b ? 1 : 0);
      case "LessEqual" -> binary(inputs, (a, b) -> a <= b ? 1 : 0);
      case "Greater" -> binary(inputs, (a, b) -> a > b ? 1 : 0);
      case "GreaterEqual" -> binary(inputs, (a, b) -> a >= b ? 1 : 0);
      case "Equal" -> binary(inputs, (a, b) -> a == b ? 1 : 0);
      case "NotEqual" -> binary(inputs, (a, b) -> a != b ? 1 : 0);
      case "LogicalAnd" -> binary(inputs, (a, b) -> a != 0 && b != 0 ? 1 : 0);
      case "LogicalOr" -> binary(inputs, (a, b) -> a != 0 || b != 0 ? 1 : 0);
      case "LogicalNot" -> unaryNot(inputs.get(0).get());
      case "StridedSlice" -> stridedSlice(node, inputs);
      case "Pack" -> pack(node, inputs);
      case "Reshape", "Squeeze", "ExpandDims" -> reshape(op, inputs);
      default -> Optional.empty();
    };
  }

  /** An integer or boolean constant of rank 0 or 1. */
  static Optional<Ints> constant(TensorProto t) {
    DataType type = t.getDtype();
    if (t.getTensorShape().getDimCount() > 1 || !(type == DataType.DT_INT32
        || type == DataType.DT_INT64 || type == DataType.DT_BOOL)) {
      return Optional.empty();
    }
    boolean scalar = t.getTensorShape().getDimCount() == 0;
    int size = scalar ? 1 : (int) t.getTensorShape().getDim(0).getSize();
    Long[] values = new Long[size];
    ByteBuffer content = t.getTensorContent().asReadOnlyByteBuffer()
        .order(ByteOrder.LITTLE_ENDIAN);
    int listed = switch (type) {
      case DT_INT32 -> t.getIntValCount();
      case DT_INT64 -> t.getInt64ValCount();
      default -> t.getBoolValCount();
    };
    for (int i = 0; i < size; i++) {
      if (!t.getTensorContent().isEmpty()) {
        values[i] = switch (type) {
          case DT_INT32 -> (long) content.getInt(i * 4);
          case DT_INT64 -> content.getLong(i * 8);
          default -> (long) content.get(i);
        };
      } else if (listed == 0) {
        values[i] = 0L;
      } else {
        // a shorter list repeats its last value (how TensorFlow stores splat constants)
        int j = Math.min(i, listed - 1);
        values[i] = switch (type) {
          case DT_INT32 -> (long) t.getIntVal(j);
          case DT_INT64 -> t.getInt64Val(j);
          default -> t.getBoolVal(j) ? 1L : 0L;
        };
      }
    }
    return Optional.of(new Ints(values, scalar));
  }

  private static Optional<Ints> binary(List<Optional<Ints>> inputs, LongBinaryOperator f) {
    Ints a = inputs.get(0).get();
    Ints b = inputs.get(1).get();
    int n = Math.max(a.values().length, b.values().length);
    if (!a.scalar() && !b.scalar() && a.values().length != b.values().length) {
      return Optional.empty();
    }
    Long[] out = new Long[n];
    for (int i = 0; i < n; i++) {
      Long x = a.values()[a.scalar() ? 0 : i];
      Long y = b.values()[b.scalar() ? 0 : i];
      out[i] = x == null || y == null ? null : f.applyAsLong(x, y);
    }
    return Optional.of(new Ints(out, a.scalar() && b.scalar()));
  }

  private static Optional<Ints> unaryNot(Ints a) {
    Long[] out = new Long[a.values().length];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.values()[i] == null ? null : a.values()[i] == 0 ? 1L : 0L;
    }
    return Optional.of(new Ints(out, a.scalar()));
  }

  /** A 1-D slice {@code v[b:e]} with stride 1, or one element {@code v[b]} (shrinking). */
  private static Optional<Ints> stridedSlice(NodeDef node, List<Optional<Ints>> inputs) {
    Ints v = inputs.get(0).get();
    Long begin = first(inputs.get(1).get());
    Long end = first(inputs.get(2).get());
    Long stride = first(inputs.get(3).get());
    if (v.scalar() || begin == null || end == null || !Long.valueOf(1).equals(stride)
        || mask(node, "ellipsis_mask") != 0 || mask(node, "new_axis_mask") != 0) {
      return Optional.empty();
    }
    int n = v.values().length;
    long b = (mask(node, "begin_mask") & 1) != 0 ? 0 : begin < 0 ? begin + n : begin;
    if ((mask(node, "shrink_axis_mask") & 1) != 0) {
      return b < 0 || b >= n ? Optional.empty() : Optional.of(Ints.scalar(v.values()[(int) b]));
    }
    long e = (mask(node, "end_mask") & 1) != 0 ? n : end < 0 ? end + n : Math.min(end, n);
    if (b < 0 || e < b) {
      return Optional.empty();
    }
    Long[] out = new Long[(int) (e - b)];
    System.arraycopy(v.values(), (int) b, out, 0, out.length);
    return Optional.of(new Ints(out, false));
  }

  private static Optional<Ints> pack(NodeDef node, List<Optional<Ints>> inputs) {
    if (node.getAttrOrThrow("axis").getI() != 0) {
      return Optional.empty();
    }
    Long[] out = new Long[inputs.size()];
    for (int i = 0; i < out.length; i++) {
      Ints in = inputs.get(i).get();
      if (!in.scalar()) {
        return Optional.empty();
      }
      out[i] = in.values()[0];
    }
    return Optional.of(new Ints(out, false));
  }

  /** The same values as a scalar (one value, reshaped to [] or squeezed) or as a vector. */
  private static Optional<Ints> reshape(String op, List<Optional<Ints>> inputs) {
    Ints v = inputs.get(0).get();
    boolean scalar = switch (op) {
      case "Reshape" -> inputs.get(1).get().values().length == 0;
      case "Squeeze" -> true;
      default -> false;
    };
    if (scalar && v.values().length != 1) {
      return Optional.empty();
    }
    return Optional.of(new Ints(v.values(), scalar));
  }

  private static Long first(Ints v) {
    return v.values().length == 1 ? v.values()[0] : null;
  }

  private static long mask(NodeDef node, String name) {
    return node.containsAttr(name) ? node.getAttrOrThrow(name).getI() : 0;
  }
}
