package dev.tftune.cli;

import dev.tftune.export.ExportedModel;
import java.nio.file.Path;

/**
 * Run in a new JVM by the tests: loads an export and prints its predictions on examples
 * written by {@link FloatExamples#write}, one float's bits a line.
 */
public final class PredictInFreshJvm {
  private PredictInFreshJvm() {}

  public static void main(String[] args) throws Exception {
    try (ExportedModel model = ExportedModel.load(Path.of(args[0]))) {
      for (float[] row : model.predict(FloatExamples.read(Path.of(args[1])))) {
        for (float v : row) {
          System.out.println("p=" + Float.floatToIntBits(v));
        }
      }
    }
  }
}
