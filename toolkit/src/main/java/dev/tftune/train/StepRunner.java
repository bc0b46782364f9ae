package dev.tftune.train;

import dev.tftune.TftuneException;
import dev.tftune.data.Dataset;
import dev.tftune.graph.BatchNormSwitch;
import dev.tftune.graph.Feeds;
import dev.tftune.metrics.ClassificationMetrics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Op;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;

/**
 * Runs training steps and evaluation batches of a {@link FineTuningGraph} in the base model's
 * session, feeding each batch from where its values are: the cached features of a frozen base,
 * the kept output of frozen layers, or the data's own inputs.
 */
final class StepRunner {

  private final FineTuningGraph graph;
  private final Session session;
  /** Kept frozen-layer output of the training data's examples; null when not kept. */
  private final ActivationCache activations;
  private final Dataset activationData;
  private int updatesEpoch;
  private List<Op> updates;
  /** Each class's weight in the training loss; null for none. */
  private final float[] classWeights;

  /**
   * Computes the frozen base's features of the training data first (or takes them from the
   * graph's store), when the graph feeds cached features.
   */
  StepRunner(FineTuningGraph graph, Dataset training, float[] classWeights) {
    this.classWeights = classWeights;
    this.graph = graph;
    this.session = graph.base.session();
    if (graph.cachedFeatures) {
      graph.features(training);
    }
    this.activations = graph.frozenBoundary == null ? null : new ActivationCache(
        graph.frozenBoundary, training.size(), Runtime.getRuntime().maxMemory() / 3);
    this.activationData = training;
  }

  /**
   * One update, on a batch of examples, of the variables that train in {@code epoch} (all but
   * those gradual unfreezing keeps frozen until later).
   */
  StepResult train(Dataset data, int[] idx, float learningRate, long step, int epoch) {
    return run(data, idx, epoch, learningRate, step, null);
  }

  /** What a validation pass measured: loss and correct count, and the class probabilities. */
  record Validation(StepResult totals, float[][] probabilities, int[] labels) {
    /** Precision, recall, F1, AUC and the rest, over the examples. */
    ClassificationMetrics metrics(List<String> classNames) {
      return ClassificationMetrics.of(probabilities, labels, classNames);
    }
  }

  /** The batches an evaluation pass over {@code idx} runs: consecutive, in order. */
  static List<int[]> evaluationBatches(int[] idx, int batchSize) {
    List<int[]> batches = new ArrayList<>();
    for (int from = 0; from < idx.length; from += batchSize) {
      batches.add(Arrays.copyOfRange(idx, from, Math.min(from + batchSize, idx.length)));
    }
    return batches;
  }

  /** A pass over some examples, in batches, without dropout or updates. */
  Validation evaluate(Dataset data, int[] idx, int batchSize) {
    List<StepResult> parts = new ArrayList<>();
    float[][] probabilities = new float[idx.length][];
    int[] labels = new int[idx.length];
    int offset = 0;
    for (int[] part : evaluationBatches(idx, batchSize)) {
      int at = offset;
      parts.add(run(data, part, 0, 0, 0, p -> {
        int k = (int) p.shape().size(1);
        float[] flat = new float[(int) p.size()];
        p.asRawTensor().data().asFloats().read(flat);
        for (int i = 0; i < part.length; i++) {
          probabilities[at + i] = Arrays.copyOfRange(flat, i * k, (i + 1) * k);
          labels[at + i] = data.label(part[i]);
        }
      }));
      offset += part.length;
    }
    return new Validation(StepResult.combine(parts), probabilities, labels);
  }

  /**
   * Keeps the frozen layers' output of batches of the training data, computed through the
   * base as a training step computes it: a resumed run keeps what the uninterrupted run had
   * kept by then, batch by batch as it had, so its later steps are fed the same values. Does
   * nothing without that cache.
   */
  void keepActivations(Dataset data, List<int[]> batches) {
    if (activations == null || data != activationData) {
      return;
    }
    for (int[] part : batches) {
      if (!activations.wants(part)) {
        continue;
      }
      int rows = graph.inputs.rowsFor(part.length);
      try (Feeds feeds = Feeds.of(session)) {
        graph.inputs.feed(feeds, data, part, rows, true);
        try (Result r = feeds.runner().fetch(activations.tensor()).run()) {
          activations.keep((TFloat32) r.get(0), data, part, rows);
        } catch (IllegalArgumentException | org.tensorflow.exceptions.TensorFlowException e) {
          throw dataError(e);
        }
      }
    }
  }

  /** The update ops of an epoch's steps, worked out once per epoch, not per step. */
  private List<Op> updatesOf(int epoch) {
    if (epoch != updatesEpoch) {
      updates = graph.training.updates(epoch);
      updatesEpoch = epoch;
    }
    return updates;
  }

  /** Floats of frozen-layer output kept so far (0 without that cache). */
  long keptActivationFloats() {
    return activations == null ? 0 : activations.keptFloats();
  }

  /**
   * A training step in {@code epoch}, or an evaluation batch for epoch 0 whose class
   * probabilities go to {@code probabilities}.
   */
  private StepResult run(Dataset data, int[] idx, int epoch, float learningRate, long step,
      Consumer<TFloat32> probabilities) {
    boolean update = epoch > 0;
    CachedFeatures cache = graph.cachedFeatures ? graph.features(data) : null;
    ActivationCache kept = data == activationData ? activations : null;
    int rows = cache != null ? idx.length : graph.inputs.rowsFor(idx.length);
    TrainingGraph training = graph.training;
    try (Feeds feeds = Feeds.of(session)) {
      if (cache != null) {
        feeds.feed(training.cachedFeatures, cache.batch(idx));
      } else {
        boolean fromMemory = kept != null && kept.covers(idx);
        graph.inputs.feed(feeds, data, idx, rows, !fromMemory);
        if (fromMemory) {
          feeds.own(kept.feed(feeds.runner(), data, idx, rows));
        }
      }
      boolean keep = cache == null && kept != null && kept.wants(idx);
      float[] weights = new float[rows];
      java.util.Arrays.fill(weights, 0, idx.length, 1f);
      feeds.feed(training.labels, graph.objective.labelBatch(data, idx, rows));
      feeds.feed(training.weights, TFloat32.vectorOf(weights));
      Session.Runner runner = feeds.runner();
      if (update) {
        if (classWeights != null) {
          float[] c = new float[rows];
          for (int i = 0; i < idx.length; i++) {
            c[i] = classWeights[data.label(idx[i])];
          }
          feeds.feed(training.classWeights, TFloat32.vectorOf(c));
        }
        feeds.feed(training.learningRate, TFloat32.scalarOf(learningRate));
        feeds.feed(training.step, TFloat32.scalarOf(step));
        if (!graph.statisticUpdates.isEmpty()) {
          feeds.feed(graph.base.graph().output(BatchNormSwitch.FLAG), TBool.scalarOf(true));
          graph.statisticUpdates.forEach(runner::addTarget);
        }
        runner.fetch(training.loss).fetch(training.correct);
        updatesOf(epoch).forEach(runner::addTarget);
      } else {
        runner.fetch(training.evalLoss).fetch(training.evalCorrect)
            .fetch(training.evalProbabilities);
      }
      if (keep) {
        runner.fetch(kept.tensor());
      }
      try (Result r = runner.run()) {
        int next = update ? 2 : 3;
        if (keep) {
          kept.keep((TFloat32) r.get(next), data, idx, rows);
        }
        if (!update && probabilities != null) {
          probabilities.accept((TFloat32) r.get(2));
        }
        return new StepResult(((TFloat32) r.get(0)).getFloat(), ((TFloat32) r.get(1)).getFloat(),
            idx.length);
      } catch (IllegalArgumentException | org.tensorflow.exceptions.TensorFlowException e) {
        throw dataError(e);
      }
    }
  }

  /** TensorFlow's shape and dtype errors (TFInvalidArgumentException and the like). */
  static TftuneException dataError(RuntimeException e) {
    return new TftuneException("the model fails on the data: "
        + TftuneException.firstLine(e.getMessage()),
        "check that the data fits the model's input (shape, scaling)", e);
  }
}
