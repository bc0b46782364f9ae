package dev.tftune.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tftune.data.Dataset;
import dev.tftune.graph.VariableKind;
import dev.tftune.savedmodel.BaseModel;
import dev.tftune.savedmodel.SavedModels;
import dev.tftune.testing.RecordingDataset;
import dev.tftune.testing.TinyModels;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeatureExtractorTest {
  @TempDir
  Path tmp;

  private final Dataset data = TinyModels.separable(50, 9);

  @Test
  void batchedExtractionEqualsOneExampleAtATime() {
    try (BaseModel base = SavedModels.load(TinyModels.write(tmp.resolve("m"),
        VariableKind.RESOURCE))) {
      float[][] batched = FeatureExtractor.of(base, "features").batchSize(7).extract(data);
      float[][] single = FeatureExtractor.of(base, "features").batchSize(1).extract(data);
      assertEquals(data.size(), batched.length);
      assertEquals(TinyModels.FEATURES, batched[0].length);
      for (int i = 0; i < single.length; i++) {
        assertArrayEquals(single[i], batched[i], 1e-6f, "example " + i);
      }
    }
  }

  @Test
  void examplesRunInLengthOrderComeBackInDatasetOrder() {
    try (BaseModel base = SavedModels.load(TinyModels.write(tmp.resolve("m"),
        VariableKind.RESOURCE))) {
      float[][] plain = FeatureExtractor.of(base, "features").batchSize(8).extract(data);
      FeatureExtractor sorted = FeatureExtractor.of(base, "features").batchSize(8);
      float[][] bucketed = sorted.extract(
          new RecordingDataset(data, i -> 1 + (i * 37) % 11));
      for (int i = 0; i < plain.length; i++) {
        assertArrayEquals(plain[i], bucketed[i], 1e-6f, "example " + i);
      }
      assertEquals(data.size(), sorted.examplesRun());
    }
  }
}
