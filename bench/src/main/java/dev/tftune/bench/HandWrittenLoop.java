package dev.tftune.bench;

import dev.tftune.data.Dataset;
import dev.tftune.train.ServingEndpoints;
import dev.tftune.train.TrainedModel;
import dev.tftune.train.TrainingStep;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Training steps written by hand in TF Java, the yardstick of the toolkit's per-step overhead:
 * a session runner that feeds the very graph a {@link TrainedModel} trained with (its
 * train op, its placeholders, its session) and does nothing else a plain loop would not do.
 * It still shuffles, gathers each batch and creates its tensors, as any loop must; what it
 * leaves out is the tuner's own machinery (schedules, metrics, progress, tensor bookkeeping).
 */
final class HandWrittenLoop {
  private final Session session;
  private final TrainingStep step;
  private final ServingEndpoints endpoints;
  private final float learningRate;
  private final Random random = new Random(7);
  private long stepNumber;

  HandWrittenLoop(Session session, TrainedModel fitted, float learningRate) {
    this.session = session;
    this.step = fitted.trainingStep();
    this.endpoints = fitted.endpoints();
    this.learningRate = learningRate;
  }

  /**
   * Seconds of {@code epochs} passes over cached features, row-major {@code [examples, dim]},
   * in shuffled batches.
   */
  double onFeatures(float[] features, int[] labels, int batch, int epochs) {
    int dim = features.length / labels.length;
    long start = System.nanoTime();
    for (int e = 0; e < epochs; e++) {
      for (int[] idx : shuffledBatches(labels.length, batch)) {
        float[] x = new float[idx.length * dim];
        for (int i = 0; i < idx.length; i++) {
          System.arraycopy(features, idx[i] * dim, x, i * dim, dim);
        }
        try (TFloat32 t = TFloat32.tensorOf(Shape.of(idx.length, dim), DataBuffers.of(x))) {
          run(session.runner().feed(step.cachedFeatures(), t), labels, idx);
        }
      }
    }
    return (System.nanoTime() - start) / 1e9;
  }

  /** Seconds of {@code epochs} passes through the base model, in shuffled batches. */
  double onInputs(Dataset data, int batch, int epochs) {
    int[] labels = new int[data.size()];
    Arrays.setAll(labels, data::label);
    long start = System.nanoTime();
    for (int e = 0; e < epochs; e++) {
      for (int[] idx : shuffledBatches(data.size(), batch)) {
        Map<String, Tensor> inputs = data.batch(idx, idx.length);
        try {
          Session.Runner runner = session.runner();
          inputs.forEach((key, t) -> runner.feed(input(key), t));
          run(runner, labels, idx);
        } finally {
          inputs.values().forEach(Tensor::close);
        }
      }
    }
    return (System.nanoTime() - start) / 1e9;
  }

  /** One step on the first {@code batch} examples, traced op by op. */
  OpProfile profileStep(Dataset data, int batch) {
    int[] labels = new int[data.size()];
    Arrays.setAll(labels, data::label);
    return onFirstBatch(data, batch, (runner, idx) -> run(runner, labels, idx, true));
  }

  /** A forward pass to {@code output} on the first {@code batch} examples, traced op by op. */
  OpProfile profileForward(Dataset data, int batch, Output<?> output) {
    return onFirstBatch(data, batch, (runner, idx) -> OpProfile.of(runner.fetch(output)));
  }

  /** Feeds the first {@code batch} examples' inputs to a runner that {@code traced} runs. */
  private OpProfile onFirstBatch(Dataset data, int batch,
      java.util.function.BiFunction<Session.Runner, int[], OpProfile> traced) {
    int[] idx = new int[Math.min(batch, data.size())];
    Arrays.setAll(idx, i -> i);
    Map<String, Tensor> inputs = data.batch(idx, idx.length);
    try {
      Session.Runner runner = session.runner();
      inputs.forEach((key, t) -> runner.feed(input(key), t));
      return traced.apply(runner, idx);
    } finally {
      inputs.values().forEach(Tensor::close);
    }
  }

  private Output<?> input(String datasetKey) {
    return endpoints.inputs().get(endpoints.datasetKeys().get(datasetKey));
  }

  private void run(Session.Runner runner, int[] labels, int[] idx) {
    run(runner, labels, idx, false);
  }

  /**
   * Feeds the labels, weights, rate and step, runs the update and reads the loss; traced when
   * asked (the profile is returned, else null).
   */
  private OpProfile run(Session.Runner runner, int[] labels, int[] idx, boolean trace) {
    int[] y = new int[idx.length];
    for (int i = 0; i < idx.length; i++) {
      y[i] = labels[idx[i]];
    }
    float[] ones = new float[idx.length];
    Arrays.fill(ones, 1f);
    stepNumber++;
    try (TInt32 l = TInt32.vectorOf(y);
        TFloat32 w = TFloat32.vectorOf(ones);
        TFloat32 rate = TFloat32.scalarOf(learningRate);
        TFloat32 s = TFloat32.scalarOf(stepNumber)) {
      runner.feed(step.labels(), l).feed(step.weights(), w).feed(step.learningRate(), rate)
          .feed(step.step(), s).fetch(step.loss()).fetch(step.correct())
          .addTarget(step.update());
      if (trace) {
        return OpProfile.of(runner);
      }
      try (Result r = runner.run()) {
        ((TFloat32) r.get(0)).getFloat();
      }
      return null;
    }
  }

  private List<int[]> shuffledBatches(int examples, int batch) {
    List<Integer> order = new ArrayList<>(examples);
    for (int i = 0; i < examples; i++) {
      order.add(i);
    }
    Collections.shuffle(order, random);
    List<int[]> batches = new ArrayList<>();
    for (int from = 0; from < examples; from += batch) {
      batches.add(order.subList(from, Math.min(from + batch, examples)).stream()
          .mapToInt(Integer::intValue).toArray());
    }
    return batches;
  }
}
