package dev.tftune.savedmodel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tftune.graph.Tensors;
import dev.tftune.testing.VocabularyModels;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tensorflow.Result;
import org.tensorflow.Tensor;
import org.tensorflow.types.TFloat32;

/**
 * Models whose init op fills a hash table from an asset load and look words up the same, with
 * the lookup in the graph (TF1) or in a called function that gets inlined (TF2).
 */
class VocabularyTablesTest {
  @TempDir
  Path tmp;

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void wordsAreLookedUpInTheTableTheInitOpFilled(boolean tf2) throws Exception {
    try (BaseModel base = SavedModels.load(VocabularyModels.write(tmp.resolve("m"), tf2))) {
      assertEquals(tf2 ? ModelFormat.TF2 : ModelFormat.TF1, base.format());
      assertEquals(tf2, base.rewrites().stream().anyMatch(r -> r.startsWith("inlined 1 ")),
          base.rewrites().toString());
      Map<String, Tensor> batch = VocabularyModels.words(List.of("sat", "dog", "the"))
          .batch(new int[] {0, 1, 2}, 3);
      try (Tensor words = batch.get("words");
          Result r = base.session().runner().feed("words:0", words)
              .fetch(base.defaultSignature().outputs().get("features").name()).run()) {
        assertArrayEquals(new float[] {2, -1, 0}, Tensors.floats((TFloat32) r.get(0)));
      }
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void theInitOpAndTheVocabularyAreKnownForExports(boolean tf2) throws Exception {
    Path dir = VocabularyModels.write(tmp.resolve("m"), tf2);
    try (BaseModel base = SavedModels.load(dir)) {
      Initialization init = base.initialization();
      assertEquals("init_tables", init.initOp().orElseThrow());
      assertEquals(Map.of("vocab_path", dir.toAbsolutePath().resolve("assets/vocab.txt")),
          init.assetFiles());
      assertTrue(base.graph().operation("init_tables") != null);
    }
  }
}
