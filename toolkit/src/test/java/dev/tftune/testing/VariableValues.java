package dev.tftune.testing;

import dev.tftune.graph.VariableKind;
import dev.tftune.savedmodel.BaseModel;
import dev.tftune.savedmodel.VariableInfo;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Reads variable values out of a model's session, to compare them bit for bit. */
public final class VariableValues {
  private VariableValues() {}

  /** A snapshot's bytes as floats. */
  public static float[] floats(byte[] bytes) {
    float[] out = new float[bytes.length / 4];
    java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.nativeOrder()).asFloatBuffer()
        .get(out);
    return out;
  }

  /** Every float32 variable's raw bytes, by name. */
  @SuppressWarnings("unchecked")
  public static Map<String, byte[]> snapshot(BaseModel model) {
    Graph g = model.graph();
    Session s = model.session();
    Ops tf = Ops.create(g).withSubScope("test_snapshot_" + System.nanoTime());
    Map<String, byte[]> out = new LinkedHashMap<>();
    for (VariableInfo v : model.variables()) {
      if (!v.dtype().equals("float32")) {
        continue;
      }
      Output<?> var = g.output(v.name());
      Operand<TFloat32> read = v.kind() == VariableKind.RESOURCE
          ? tf.readVariableOp(var, TFloat32.class) : tf.identity((Operand<TFloat32>) var);
      try (Result r = s.runner().fetch(read).run()) {
        var data = r.get(0).asRawTensor().data();
        byte[] bytes = new byte[(int) data.size()];
        data.read(bytes);
        out.put(v.name(), bytes);
      }
    }
    return out;
  }

  /** The values of a resource variable that training added (a head's kernel, say). */
  public static float[] resource(BaseModel model, String name) {
    Ops tf = Ops.create(model.graph()).withSubScope("test_read_" + System.nanoTime());
    try (Result r = model.session().runner()
        .fetch(tf.readVariableOp(model.graph().output(name), TFloat32.class)).run()) {
      var data = r.get(0).asRawTensor().data().asFloats();
      float[] values = new float[(int) data.size()];
      data.read(values);
      return values;
    }
  }
}
