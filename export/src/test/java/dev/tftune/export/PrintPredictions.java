package dev.tftune.export;

import dev.tftune.testing.TinyModels;
import java.nio.file.Path;

/** Run in a separate JVM by the tests: prints the export's probabilities, one value a line. */
public final class PrintPredictions {
  private PrintPredictions() {}

  public static void main(String[] args) {
    try (ExportedModel model = ExportedModel.load(Path.of(args[0]))) {
      for (float[] row : model.predict(TinyModels.separable(8, 99))) {
        for (float v : row) {
          System.out.println("p=" + Float.floatToIntBits(v));
        }
      }
    }
  }
}
