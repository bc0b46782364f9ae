package dev.tftune.graph;

import java.util.Arrays;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.ByteDataBuffer;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TType;

/** Small tensor helpers. */
public final class Tensors {
  private Tensors() {}

  /** A tensor of zeros; the caller closes it. */
  public static Tensor zeros(DataType type, Shape shape) {
    return zeros(DataTypes.javaClass(type), shape);
  }

  /** Every value of a float tensor, row-major. */
  public static float[] floats(TFloat32 t) {
    float[] flat = new float[(int) t.size()];
    t.asRawTensor().data().asFloats().read(flat);
    return flat;
  }

  /** The first {@code n} rows of a [batch, k] float tensor. */
  public static float[][] rows(TFloat32 t, int n) {
    int k = (int) t.shape().size(1);
    float[] flat = floats(t);
    float[][] out = new float[n][];
    for (int i = 0; i < n; i++) {
      out[i] = Arrays.copyOfRange(flat, i * k, (i + 1) * k);
    }
    return out;
  }

  private static <T extends TType> T zeros(Class<T> type, Shape shape) {
    return Tensor.of(type, shape, t -> {
      ByteDataBuffer bytes = t.asRawTensor().data();
      for (long i = 0; i < bytes.size(); i++) {
        bytes.setByte((byte) 0, i);
      }
    });
  }
}
