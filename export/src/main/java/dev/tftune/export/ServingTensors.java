package dev.tftune.export;

import com.google.protobuf.ByteString;
import dev.tftune.graph.DataTypes;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;
import org.tensorflow.types.TString;
import org.tensorflow.types.family.TType;

/**
 * Tensors as the {@code TensorProto}s of TF Serving requests, and back. TF Java has no public
 * conversion: numbers travel as {@code tensor_content} (the tensor's bytes, little-endian, as
 * TensorFlow lays them out), strings as {@code string_val}.
 */
final class ServingTensors {
  private ServingTensors() {}

  static TensorProto toProto(Tensor tensor) {
    TensorShapeProto shape = DataTypes.shape(tensor.shape().asArray());
    TensorProto.Builder b = TensorProto.newBuilder().setDtype(tensor.dataType())
        .setTensorShape(shape);
    if (tensor instanceof TString strings) {
      strings.asBytes().scalars().forEach(s -> b.addStringVal(ByteString.copyFrom(
          s.getObject())));
    } else {
      byte[] content = new byte[(int) tensor.numBytes()];
      tensor.asRawTensor().data().read(content);
      b.setTensorContent(ByteString.copyFrom(content));
    }
    return b.build();
  }

  /**
   * A tensor from a proto written as {@link #toProto} writes them; the caller closes it.
   *
   * @throws ExportException for a proto that holds its numbers in typed value lists
   */
  static Tensor fromProto(TensorProto proto) {
    Shape shape = Shape.of(DataTypes.dims(proto.getTensorShape()));
    if (proto.getDtype() == DataType.DT_STRING) {
      List<byte[]> values = new ArrayList<>();
      proto.getStringValList().forEach(v -> values.add(v.toByteArray()));
      return TString.tensorOfBytes(NdArrays.wrap(shape,
          DataBuffers.ofObjects(values.toArray(byte[][]::new))));
    }
    Class<? extends TType> type = DataTypes.javaClass(proto.getDtype());
    byte[] content = proto.getTensorContent().toByteArray();
    if (content.length == 0 && shape.size() > 0) {
      throw new ExportException("a request tensor of " + DataTypes.name(proto.getDtype())
          + " holds its values in typed lists, which serve-check does not read",
          "write request tensors with tensor_content, as tftune's warm-up records do");
    }
    return Tensor.of(type, shape, DataBuffers.of(content, true, false));
  }
}
