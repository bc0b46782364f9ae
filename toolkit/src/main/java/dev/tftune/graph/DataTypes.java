package dev.tftune.graph;

import java.util.Map;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.TensorShapeProto;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat16;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;
import org.tensorflow.types.TUint8;
import org.tensorflow.types.family.TType;

/** Names and Java classes of TensorFlow dtypes, and shapes read from protos. */
public final class DataTypes {
  private static final Map<DataType, String> NAMES = Map.ofEntries(
      Map.entry(DataType.DT_FLOAT, "float32"), Map.entry(DataType.DT_DOUBLE, "float64"),
      Map.entry(DataType.DT_HALF, "float16"), Map.entry(DataType.DT_BFLOAT16, "bfloat16"),
      Map.entry(DataType.DT_INT8, "int8"), Map.entry(DataType.DT_INT16, "int16"),
      Map.entry(DataType.DT_INT32, "int32"), Map.entry(DataType.DT_INT64, "int64"),
      Map.entry(DataType.DT_UINT8, "uint8"), Map.entry(DataType.DT_BOOL, "bool"),
      Map.entry(DataType.DT_STRING, "string"), Map.entry(DataType.DT_RESOURCE, "resource"),
      Map.entry(DataType.DT_VARIANT, "variant"));

  private static final Map<DataType, Class<? extends TType>> CLASSES = Map.of(
      DataType.DT_FLOAT, TFloat32.class, DataType.DT_DOUBLE, TFloat64.class,
      DataType.DT_HALF, TFloat16.class, DataType.DT_INT32, TInt32.class,
      DataType.DT_INT64, TInt64.class, DataType.DT_UINT8, TUint8.class,
      DataType.DT_BOOL, TBool.class, DataType.DT_STRING, TString.class);

  private DataTypes() {}

  /** The Python spelling of a dtype ({@code float32}); ref types are named as their base type. */
  public static String name(DataType type) {
    DataType base = base(type);
    return NAMES.getOrDefault(base, base.name().replaceFirst("^DT_", "").toLowerCase());
  }

  /** The dtype that a ref dtype ({@code DT_FLOAT_REF}) refers to; other dtypes unchanged. */
  public static DataType base(DataType type) {
    int n = type.getNumber();
    return n > 100 ? DataType.forNumber(n - 100) : type;
  }

  /** True for dtypes gradients flow through. */
  public static boolean isFloating(DataType type) {
    DataType b = base(type);
    return b == DataType.DT_FLOAT || b == DataType.DT_DOUBLE || b == DataType.DT_HALF
        || b == DataType.DT_BFLOAT16 || b == DataType.DT_COMPLEX64 || b == DataType.DT_COMPLEX128
        || b == DataType.DT_RESOURCE || b == DataType.DT_VARIANT;
  }

  /** The TF Java tensor class of a dtype. */
  public static Class<? extends TType> javaClass(DataType type) {
    Class<? extends TType> c = CLASSES.get(base(type));
    if (c == null) {
      throw new IllegalArgumentException("dtype " + name(type) + " is not supported here");
    }
    return c;
  }

  /** Dimensions of a shape proto, -1 where unknown; null for unknown rank. */
  public static long[] dims(TensorShapeProto shape) {
    if (shape.getUnknownRank()) {
      return null;
    }
    long[] dims = new long[shape.getDimCount()];
    for (int i = 0; i < dims.length; i++) {
      dims[i] = shape.getDim(i).getSize();
    }
    return dims;
  }

  /** A scalar string tensor value, for a {@code Const} node's {@code value} attribute. */
  public static org.tensorflow.proto.AttrValue stringScalar(String value) {
    return org.tensorflow.proto.AttrValue.newBuilder().setTensor(
        org.tensorflow.proto.TensorProto.newBuilder().setDtype(DataType.DT_STRING)
            .setTensorShape(TensorShapeProto.getDefaultInstance())
            .addStringVal(com.google.protobuf.ByteString.copyFromUtf8(value))).build();
  }

  /** A shape proto from dimensions, -1 for unknown ones. */
  public static TensorShapeProto shape(long[] dims) {
    TensorShapeProto.Builder b = TensorShapeProto.newBuilder();
    for (long d : dims) {
      b.addDim(TensorShapeProto.Dim.newBuilder().setSize(d));
    }
    return b.build();
  }
}
