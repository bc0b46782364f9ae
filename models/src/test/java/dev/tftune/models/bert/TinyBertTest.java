package dev.tftune.models.bert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tftune.models.testing.TinyBert;
import dev.tftune.optimizer.Optimizers;
import dev.tftune.train.FineTuner;
import dev.tftune.train.TrainedModel;
import dev.tftune.train.TrainingHistory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Tensor;

/** BERT-shaped graphs built by the test: conventions, lengths, and which layers train. */
class TinyBertTest {
  @TempDir
  Path tmp;

  @Test
  void tfHubInputNamesAreRecognised() {
    Path dir = TinyBert.write(tmp.resolve("hub"), TinyBert.Convention.TF_HUB, -1, false);
    try (BertModel bert = BertModel.load(dir)) {
      assertEquals(new BertInputs("input_word_ids", "input_mask", "input_type_ids"),
          bert.signature().inputs());
      assertEquals(-1, bert.fixedLength());
      assertEquals(TinyBert.LAYERS, bert.layers());
    }
  }

  @Test
  void aVocabularyWithoutCapitalsIsTakenAsUncased() {
    Path dir = TinyBert.write(tmp.resolve("m"), TinyBert.Convention.GOOGLE, -1, false);
    try (BertModel bert = BertModel.load(dir)) {
      assertTrue(bert.tokenizer().lowerCase());
    }
  }

  @Test
  void aDeclaredLengthIsRelaxedWhenTheGraphAllowsIt() {
    Path dir = TinyBert.write(tmp.resolve("m"), TinyBert.Convention.GOOGLE, 16, false);
    try (BertModel bert = BertModel.load(dir)) {
      assertEquals(-1, bert.fixedLength(), bert.lengthCheck());
      BertDataset data = bert.dataset(List.of("good movie", "the film was not very fun ."),
          null, new int[2], List.of("x"), 16);
      assertEquals(4, data.length(0));
      Map<String, Tensor> batch = data.batch(new int[] {0}, 1);
      try {
        assertArrayEquals(new long[] {1, 4}, batch.get("input_ids").shape().asArray());
      } finally {
        batch.values().forEach(Tensor::close);
      }
    }
  }

  @Test
  void aGraphBoundToItsDeclaredLengthFallsBackToPaddingToIt() {
    Path dir = TinyBert.write(tmp.resolve("m"), TinyBert.Convention.GOOGLE, 16, true);
    try (BertModel bert = BertModel.load(dir)) {
      assertEquals(16, bert.fixedLength(), bert.lengthCheck());
      BertDataset data = bert.dataset(List.of("good movie"), null, new int[1], List.of("x"), 16);
      assertEquals(0, data.length(0), "no bucketing when every batch has the same length");
      Map<String, Tensor> batch = data.batch(new int[] {0}, 1);
      try {
        assertArrayEquals(new long[] {1, 16}, batch.get("input_ids").shape().asArray());
      } finally {
        batch.values().forEach(Tensor::close);
      }
    }
  }

  @Test
  void unfreezingTheTopLayerTrainsItAndThePoolerOnly() {
    Path dir = TinyBert.write(tmp.resolve("m"), TinyBert.Convention.GOOGLE, -1, false);
    try (BertModel bert = BertModel.load(dir)) {
      Map<String, byte[]> before = dev.tftune.testing.VariableValues.snapshot(bert.base());
      TrainedModel tuner = FineTuner.builder().base(bert.base())
          .features(bert.features(BertPooling.CLS)).plan(bert.unfreezeTop(1, BertPooling.CLS))
          .optimizer(Optimizers.adamW(0.01f)).epochs(8).batchSize(16).build()
          .fit(sentiment(bert, 160));
      TrainingHistory history = tuner.history();
      Map<String, byte[]> after = dev.tftune.testing.VariableValues.snapshot(bert.base());
      List<String> changed = new ArrayList<>();
      before.forEach((name, bytes) -> {
        if (!Arrays.equals(bytes, after.get(name))) {
          changed.add(name);
        }
      });
      assertEquals(List.of("bert/encoder/layer_2/output/dense/kernel", "bert/pooler/dense/kernel"),
          changed.stream().sorted().toList());
      assertTrue(history.last().loss() < history.epochs().get(0).loss(), "loss must decrease");
      assertFalse(history.cachedFeatures());
    }
  }

  @Test
  void withTheTopLayerUnfrozenTheLowerLayersOutputIsKeptAndTrainingMatches() {
    Path dir = TinyBert.write(tmp.resolve("m"), TinyBert.Convention.GOOGLE, -1, false);
    List<List<Double>> losses = new ArrayList<>();
    for (boolean cache : new boolean[] {false, true}) {
      try (BertModel bert = BertModel.load(dir)) {
        TrainingHistory h = FineTuner.builder().base(bert.base())
            .features(bert.features(BertPooling.MEAN))
            .plan(bert.unfreezeTop(1, BertPooling.MEAN)).optimizer(Optimizers.adamW(0.01f))
            .epochs(4).batchSize(16).cacheFrozenActivations(cache).build()
            .fit(sentiment(bert, 96)).history();
        losses.add(h.epochs().stream().map(e -> e.loss() + e.validationLoss()).toList());
        assertEquals(cache ? 96 : 4 * 96, h.baseExamplesRun(),
            cache ? "the lower layers run once per example" : "every epoch runs them all");
      }
    }
    // padding positions hold zeros instead of computed values: masked out, they change nothing
    for (int e = 0; e < losses.get(0).size(); e++) {
      assertEquals(losses.get(0).get(e), losses.get(1).get(e), 1e-5, "epoch " + (e + 1));
    }
  }

  @Test
  void meanPoolingWithAFrozenEncoderRunsItOncePerExample() {
    Path dir = TinyBert.write(tmp.resolve("m"), TinyBert.Convention.TF_HUB, -1, false);
    try (BertModel bert = BertModel.load(dir)) {
      BertDataset data = sentiment(bert, 100);
      TrainingHistory history = FineTuner.builder().base(bert.base())
          .features(bert.features(BertPooling.MEAN)).optimizer(Optimizers.adam(0.05f))
          .epochs(20).build().fit(data).history();
      assertTrue(history.cachedFeatures());
      assertEquals(data.size(), history.baseExamplesRun(), "exactly once per example");
      assertTrue(history.last().accuracy() > 0.7, "accuracy " + history.last().accuracy());
    }
  }

  /** Short texts labelled 1 when they hold a positive word, 0 for a negative one. */
  private static BertDataset sentiment(BertModel bert, int n) {
    List<String> positive = List.of("good", "great", "fun", "love");
    List<String> negative = List.of("bad", "awful", "boring", "hate");
    List<String> filler = List.of("the", "movie", "film", "was", "very", "a", "it", "!");
    Random random = new Random(3);
    List<String> texts = new ArrayList<>();
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = i % 2;
      List<String> words = new ArrayList<>();
      for (int k = random.nextInt(6); k >= 0; k--) {
        words.add(filler.get(random.nextInt(filler.size())));
      }
      List<String> cue = labels[i] == 1 ? positive : negative;
      words.add(random.nextInt(words.size() + 1), cue.get(random.nextInt(cue.size())));
      texts.add(String.join(" ", words));
    }
    return bert.dataset(texts, null, labels, List.of("negative", "positive"), 32);
  }
}
