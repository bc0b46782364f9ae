package dev.tftune.graph;

import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.ByteDataBuffer;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.family.TType;

/** Small tensor helpers. */
public final class Tensors {
  private Tensors() {}

  /** A tensor of zeros; the caller closes it. */
  public static Tensor zeros(DataType type, Shape shape) {
    return zeros(DataTypes.javaClass(type), shape);
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
