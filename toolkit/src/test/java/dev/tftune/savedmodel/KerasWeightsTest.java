package dev.tftune.savedmodel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tftune.testing.Fixtures;
import dev.tftune.testing.VariableValues;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The weights a TF2 Keras model restores (through the inlined graph) are the ones Keras saved:
 * the fixture ships two of them as .npy files.
 */
class KerasWeightsTest {

  @ParameterizedTest
  @CsvSource({"kernel1.npy, dense_1/kernel, 1000", "bias0.npy, dense/bias, 100"})
  void restoredVariablesMatchTheReferenceWeights(String file, String variable, int count)
      throws IOException {
    Path dir = Fixtures.require("savedmodels/tf2/keras-cnn-mnist");
    float[] expected = npyFloats(dir.resolve(file));
    assertEquals(count, expected.length);
    try (BaseModel base = SavedModels.load(dir)) {
      Map<String, byte[]> values = VariableValues.snapshot(base);
      assertArrayEquals(expected, VariableValues.floats(values.get(variable)), variable);
    }
  }

  /** A little-endian float32, C-ordered .npy file's values (format version 1). */
  private static float[] npyFloats(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int headerLength = b.getShort(8) & 0xffff;
    String header = new String(bytes, 10, headerLength, StandardCharsets.US_ASCII);
    if (!header.contains("'<f4'") || !header.contains("'fortran_order': False")) {
      throw new IOException("not a little-endian float32 C-ordered .npy: " + header);
    }
    float[] out = new float[(bytes.length - 10 - headerLength) / 4];
    b.position(10 + headerLength);
    b.asFloatBuffer().get(out);
    return out;
  }
}
