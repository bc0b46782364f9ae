package dev.tftune.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tftune.data.Dataset;
import dev.tftune.data.Split;
import dev.tftune.graph.VariableKind;
import dev.tftune.head.DenseHead;
import dev.tftune.optimizer.Optimizers;
import dev.tftune.savedmodel.BaseModel;
import dev.tftune.savedmodel.MetaGraphs;
import dev.tftune.savedmodel.SavedModels;
import dev.tftune.testing.TinyModels;
import dev.tftune.train.FeatureExtractor;
import dev.tftune.train.FineTuner;
import dev.tftune.train.TrainedModel;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.NodeDef;

/**
 * A frozen base's features are z-scored in the head with the training split's statistics,
 * kept as graph constants that the TF Serving export carries.
 */
class StandardizedExportTest {
  private static final double SPLIT = 0.25;

  @TempDir
  Path tmp;

  private final Dataset data = TinyModels.separable(120, 5);

  @Test
  void exportedConstantsAreTheTrainingSplitsMeanAndStandardDeviation() throws Exception {
    try (BaseModel base = SavedModels.load(TinyModels.write(tmp.resolve("m"),
        VariableKind.RESOURCE))) {
      float[][] features = FeatureExtractor.of(base, "features").extract(data);
      int[] training = Split.random(data.size(), SPLIT, 42).training();
      float[][] expected = meanAndStd(features, training);
      TrainedModel model = FineTuner.builder().base(base).features("features")
          .optimizer(Optimizers.adam(0.05f)).epochs(2).validationSplit(SPLIT).build().fit(data);
      ServingExporter.builder(model).exportBase(tmp.resolve("out")).verifyWith(data).build()
          .export();
      var graph = MetaGraphs.read(tmp.resolve("out/1"), List.of("serve")).getGraphDef();
      assertArrayEquals(expected[0], constant(graph.getNodeList(), "head/standardize/mean"),
          1e-5f);
      float[] inverse = constant(graph.getNodeList(), "head/standardize/inverse_std");
      for (int j = 0; j < inverse.length; j++) {
        assertEquals(1 / expected[1][j], inverse[j], 1e-4 / expected[1][j], "feature " + j);
      }
    }
  }

  @Test
  void aHeadThatDoesNotStandardizeExportsNoStatistics() throws Exception {
    try (BaseModel base = SavedModels.load(TinyModels.write(tmp.resolve("m"),
        VariableKind.RESOURCE))) {
      TrainedModel model = FineTuner.builder().base(base).features("features")
          .head(DenseHead.builder().standardized(false).build())
          .optimizer(Optimizers.adam(0.05f)).epochs(1).build().fit(data);
      ServingExporter.builder(model).exportBase(tmp.resolve("out")).build().export();
      var nodes = MetaGraphs.read(tmp.resolve("out/1"), List.of("serve")).getGraphDef()
          .getNodeList();
      assertFalse(nodes.stream().anyMatch(n -> n.getName().contains("standardize")));
      assertTrue(nodes.stream().anyMatch(n -> n.getName().endsWith("head/logits/kernel")));
    }
  }

  /** Population mean and standard deviation of some rows, per column. */
  private static float[][] meanAndStd(float[][] x, int[] rows) {
    int dim = x[0].length;
    float[] mean = new float[dim];
    float[] std = new float[dim];
    for (int j = 0; j < dim; j++) {
      double sum = 0;
      for (int r : rows) {
        sum += x[r][j];
      }
      double m = sum / rows.length;
      double sq = 0;
      for (int r : rows) {
        sq += (x[r][j] - m) * (x[r][j] - m);
      }
      mean[j] = (float) m;
      std[j] = (float) Math.sqrt(sq / rows.length);
    }
    return new float[][] {mean, std};
  }

  private static float[] constant(List<NodeDef> nodes, String suffix) {
    NodeDef node = nodes.stream().filter(n -> n.getName().endsWith(suffix)).findFirst()
        .orElseThrow(() -> new AssertionError("no constant " + suffix + " in the export"));
    assertEquals("Const", node.getOp());
    var tensor = node.getAttrOrThrow("value").getTensor();
    if (tensor.getFloatValCount() > 0) {
      float[] v = new float[tensor.getFloatValCount()];
      for (int i = 0; i < v.length; i++) {
        v[i] = tensor.getFloatVal(i);
      }
      return v;
    }
    var bytes = tensor.getTensorContent().asReadOnlyByteBuffer()
        .order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
    float[] v = new float[bytes.remaining()];
    bytes.get(v);
    return v;
  }
}
