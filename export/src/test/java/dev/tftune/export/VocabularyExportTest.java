package dev.tftune.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tftune.data.Dataset;
import dev.tftune.optimizer.Optimizers;
import dev.tftune.savedmodel.BaseModel;
import dev.tftune.savedmodel.Folders;
import dev.tftune.savedmodel.MetaGraphs;
import dev.tftune.savedmodel.SavedModels;
import dev.tftune.testing.VocabularyModels;
import dev.tftune.train.FineTuner;
import dev.tftune.train.TrainedModel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A head on a base that looks words up in a table its init op fills from an asset: the export
 * runs that init op and ships the vocabulary, so it works without the base's folder.
 */
class VocabularyExportTest {
  @TempDir
  Path tmp;

  private static Dataset data() {
    List<String> words = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      words.add(VocabularyModels.VOCABULARY.get(i % VocabularyModels.VOCABULARY.size()));
    }
    return VocabularyModels.words(words);
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void theExportCarriesTheInitOpAndTheVocabularyAndNeedsNothingOfTheBase(boolean tf2)
      throws Exception {
    Path baseDir = VocabularyModels.write(tmp.resolve("base"), tf2);
    Dataset data = data();
    float[][] here;
    ExportResult result;
    try (BaseModel base = SavedModels.load(baseDir)) {
      TrainedModel tuner = FineTuner.builder().base(base).features("features")
          .optimizer(Optimizers.adam(0.1f)).epochs(3).validationSplit(0).build().fit(data);
      here = tuner.predict(data);
      result = ServingExporter.builder(tuner)
          .exportBase(tmp.resolve("out")).verifyWith(data).build().export();
    }
    Path dir = result.directory();
    assertEquals(VocabularyModels.VOCABULARY, Files.readAllLines(dir.resolve("assets/vocab.txt")));
    var meta = MetaGraphs.read(dir, List.of("serve"));
    assertEquals("init_tables", meta.getSignatureDefOrThrow("__saved_model_init_op")
        .getOutputsOrThrow("__saved_model_init_op").getName());
    assertEquals("vocab.txt", meta.getAssetFileDef(0).getFilename());
    String graph = new String(Files.readAllBytes(dir.resolve("saved_model.pb")),
        StandardCharsets.ISO_8859_1);
    assertFalse(graph.contains(baseDir.toAbsolutePath().toString()),
        "the export names no file of the base's folder");

    Folders.delete(baseDir);
    try (ExportedModel reloaded = ExportedModel.load(dir)) {
      float[][] there = reloaded.predict(data);
      for (int i = 0; i < here.length; i++) {
        assertArrayEquals(here[i], there[i], 1e-6f, "example " + i);
      }
    }
  }

  @org.junit.jupiter.api.Test
  void anInitOpThatFillsNothingTheExportUsesStaysOut() {
    // half_plus_two's init op stores its asset's path in a variable no signature reads
    Path dir = dev.tftune.testing.Fixtures.require("savedmodels/tf2/half-plus-two");
    try (BaseModel base = SavedModels.load(dir)) {
      assertTrue(base.initialization().initOp().isPresent());
      float[] x = {-3, -1, 1, 3, -2, 2, -4, 4};
      int[] labels = {0, 0, 1, 1, 0, 1, 0, 1};
      Dataset data = new dev.tftune.data.ImageDataset(x, new long[0], labels,
          List.of("low", "high"));
      TrainedModel tuner = FineTuner.builder().base(base).features("y")
          .optimizer(Optimizers.adam(0.1f)).epochs(1).validationSplit(0).build().fit(data);
      ExportResult result = ServingExporter.builder(tuner).exportBase(tmp.resolve("out"))
          .verifyWith(data)
          .build().export();
      var meta = MetaGraphs.read(result.directory(), List.of("serve"));
      assertFalse(meta.containsSignatureDef("__saved_model_init_op"));
      assertEquals(0, meta.getAssetFileDefCount());
      assertFalse(Files.exists(result.directory().resolve("assets/foo.txt")));
    }
  }
}
