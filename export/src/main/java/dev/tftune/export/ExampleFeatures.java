package dev.tftune.export;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.proto.BytesList;
import org.tensorflow.proto.Example;
import org.tensorflow.proto.Feature;
import org.tensorflow.proto.Features;
import org.tensorflow.proto.FloatList;
import org.tensorflow.proto.Int64List;
import org.tensorflow.types.TString;
import org.tensorflow.types.family.TFloating;
import org.tensorflow.types.family.TNumber;

/**
 * How a signature's inputs are named and typed as {@code tf.Example} features in an export's
 * {@code classify} and {@code regress} signatures, and examples built from input tensors.
 */
public final class ExampleFeatures {
  /** The feature of an encoded image, as TensorFlow's image data sets name it. */
  public static final String IMAGE_ENCODED = "image/encoded";

  private ExampleFeatures() {}

  /** The feature that feeds a signature input: {@value #IMAGE_ENCODED} for image bytes. */
  public static String featureKey(String inputKey) {
    return inputKey.equals(ServingExporter.IMAGE_BYTES) ? IMAGE_ENCODED : inputKey;
  }

  /**
   * One example per row of the tensors (by signature input key; all with the same number of
   * rows), each input's row flattened into one feature.
   */
  public static List<Example> of(Map<String, ? extends Tensor> inputs) {
    long rows = inputs.values().iterator().next().shape().size(0);
    List<Example> examples = new ArrayList<>();
    for (long r = 0; r < rows; r++) {
      Features.Builder features = Features.newBuilder();
      for (var e : inputs.entrySet()) {
        features.putFeature(featureKey(e.getKey()), feature(e.getValue(), r));
      }
      examples.add(Example.newBuilder().setFeatures(features).build());
    }
    return examples;
  }

  @SuppressWarnings("unchecked")
  private static Feature feature(Tensor tensor, long row) {
    if (tensor instanceof TString strings) {
      BytesList.Builder b = BytesList.newBuilder();
      NdArray<byte[]> values = strings.asBytes().get(row);
      values.scalars().forEach(s -> b.addValue(ByteString.copyFrom(s.getObject())));
      return Feature.newBuilder().setBytesList(b).build();
    }
    NdArray<? extends Number> values = ((NdArray<? extends Number>) tensor).get(row);
    if (tensor instanceof TFloating) {
      FloatList.Builder b = FloatList.newBuilder();
      values.scalars().forEach(s -> b.addValue(s.getObject().floatValue()));
      return Feature.newBuilder().setFloatList(b).build();
    }
    if (!(tensor instanceof TNumber)) {
      throw new IllegalArgumentException("a " + tensor.dataType() + " tensor is no feature");
    }
    Int64List.Builder b = Int64List.newBuilder();
    values.scalars().forEach(s -> b.addValue(s.getObject().longValue()));
    return Feature.newBuilder().setInt64List(b).build();
  }
}
