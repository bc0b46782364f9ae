package dev.tftune.cli;

import dev.tftune.data.Dataset;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * Float examples for any number of named inputs, labelled by a fixed rule, that can be written
 * to a file and read back in another JVM (to compare predictions there).
 *
 * @param inputs per input key, every example's values one after another
 * @param shapes per input key, the shape of one example ({@code []} for a scalar)
 */
record FloatExamples(int size, Map<String, float[]> inputs, Map<String, long[]> shapes,
    int[] labels) implements Dataset {

  /** Random values near 0 for the inputs; the label is the sign of the first input's sum. */
  static FloatExamples random(Map<String, long[]> shapes, int n, long seed) {
    Random random = new Random(seed);
    Map<String, float[]> inputs = new LinkedHashMap<>();
    shapes.forEach((key, shape) -> {
      float[] v = new float[n * elements(shape)];
      for (int i = 0; i < v.length; i++) {
        v[i] = (float) random.nextGaussian();
      }
      inputs.put(key, v);
    });
    int[] labels = new int[n];
    float[] first = inputs.values().iterator().next();
    int per = first.length / n;
    for (int i = 0; i < n; i++) {
      double sum = 0;
      for (int j = 0; j < per; j++) {
        sum += first[i * per + j];
      }
      labels[i] = sum > 0 ? 1 : 0;
    }
    return new FloatExamples(n, inputs, shapes, labels);
  }

  private static int elements(long[] shape) {
    return (int) Arrays.stream(shape).reduce(1, (a, b) -> a * b);
  }

  @Override
  public int label(int index) {
    return labels[index];
  }

  @Override
  public List<String> classNames() {
    return List.of("negative", "positive");
  }

  @Override
  public List<String> inputKeys() {
    return List.copyOf(inputs.keySet());
  }

  @Override
  public Map<String, Tensor> batch(int[] indices, int rows) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    inputs.forEach((key, values) -> {
      long[] shape = shapes.get(key);
      int per = elements(shape);
      float[] batch = new float[rows * per];
      for (int r = 0; r < indices.length; r++) {
        System.arraycopy(values, indices[r] * per, batch, r * per, per);
      }
      long[] dims = new long[shape.length + 1];
      dims[0] = rows;
      System.arraycopy(shape, 0, dims, 1, shape.length);
      out.put(key, TFloat32.tensorOf(Shape.of(dims), DataBuffers.of(batch)));
    });
    return out;
  }

  void write(Path file) throws IOException {
    try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(file))) {
      out.writeInt(size);
      out.writeInt(inputs.size());
      for (var e : inputs.entrySet()) {
        out.writeUTF(e.getKey());
        long[] shape = shapes.get(e.getKey());
        out.writeInt(shape.length);
        for (long d : shape) {
          out.writeLong(d);
        }
        for (float v : e.getValue()) {
          out.writeFloat(v);
        }
      }
      for (int label : labels) {
        out.writeInt(label);
      }
    }
  }

  static FloatExamples read(Path file) throws IOException {
    try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
      int n = in.readInt();
      int keys = in.readInt();
      Map<String, float[]> inputs = new LinkedHashMap<>();
      Map<String, long[]> shapes = new LinkedHashMap<>();
      for (int k = 0; k < keys; k++) {
        String key = in.readUTF();
        long[] shape = new long[in.readInt()];
        for (int i = 0; i < shape.length; i++) {
          shape[i] = in.readLong();
        }
        float[] values = new float[n * elements(shape)];
        for (int i = 0; i < values.length; i++) {
          values[i] = in.readFloat();
        }
        inputs.put(key, values);
        shapes.put(key, shape);
      }
      int[] labels = new int[n];
      for (int i = 0; i < n; i++) {
        labels[i] = in.readInt();
      }
      return new FloatExamples(n, inputs, shapes, labels);
    }
  }
}
