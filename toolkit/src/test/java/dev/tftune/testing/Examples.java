package dev.tftune.testing;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import org.tensorflow.proto.BytesList;
import org.tensorflow.proto.Example;
import org.tensorflow.proto.Feature;
import org.tensorflow.proto.Features;
import org.tensorflow.proto.FloatList;
import org.tensorflow.proto.Int64List;

/** Builds serialized {@code tf.Example} protos feature by feature, as the tests need them. */
public final class Examples {
  private final Features.Builder features = Features.newBuilder();

  private Examples() {}

  public static Examples example() {
    return new Examples();
  }

  public Examples floats(String name, float... values) {
    FloatList.Builder list = FloatList.newBuilder();
    for (float v : values) {
      list.addValue(v);
    }
    features.putFeature(name, Feature.newBuilder().setFloatList(list).build());
    return this;
  }

  public Examples ints(String name, long... values) {
    Int64List.Builder list = Int64List.newBuilder();
    for (long v : values) {
      list.addValue(v);
    }
    features.putFeature(name, Feature.newBuilder().setInt64List(list).build());
    return this;
  }

  public Examples text(String name, String... values) {
    BytesList.Builder list = BytesList.newBuilder();
    for (String v : values) {
      list.addValue(ByteString.copyFrom(v, StandardCharsets.UTF_8));
    }
    features.putFeature(name, Feature.newBuilder().setBytesList(list).build());
    return this;
  }

  public byte[] bytes() {
    return Example.newBuilder().setFeatures(features).build().toByteArray();
  }
}
