package dev.tftune.export;

import dev.tftune.TftuneException;
import dev.tftune.savedmodel.BaseModel;
import dev.tftune.savedmodel.SavedModels;
import dev.tftune.testing.TinyModels;
import dev.tftune.train.FineTuner;
import dev.tftune.train.TrainedModel;
import java.nio.file.Path;

/**
 * Run in a separate JVM by the tests, under limits the test JVM must not have: trains the tiny
 * model at {@code args[0]} for one epoch and exports it to {@code args[1]}. Prints
 * {@code exported: N} or {@code error: MESSAGE} (exit 3).
 */
public final class ExportInChildJvm {
  private ExportInChildJvm() {}

  public static void main(String[] args) {
    try (BaseModel base = SavedModels.load(Path.of(args[0]))) {
      TrainedModel model = FineTuner.builder().base(base).features("features").epochs(1)
          .build().fit(TinyModels.separable(60, 3));
      ExportResult result = ServingExporter.builder(model).exportBase(Path.of(args[1]))
          .verifyWith(TinyModels.separable(60, 3)).build().export();
      System.out.println("exported: " + result.version());
    } catch (TftuneException e) {
      System.out.println("error: " + e.getMessage());
      System.exit(3);
    }
  }
}
