package dev.tftune.bench;

import dev.tftune.train.TrainedModel;
import dev.tftune.train.TrainingHistory;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * Toolkit training steps and the same steps written by hand, timed in alternating rounds of one
 * run. Each round fits a fresh model on the same loaded model; the hand
 * side runs on a fitted tuner's graph. Odd rounds run the hand side first, on the previous
 * round's tuner, so that neither side always runs later in its round (warmer caches, or a
 * neighbour's load arriving).
 */
final class SideBySide {
  private SideBySide() {}

  /** A fresh tuner, fitted, and its seconds per training step. */
  record Fit(TrainedModel tuner, double secondsPerStep) {}

  /** Seconds per step of each counted round on both sides, and the last tuner fitted. */
  record Rounds(double[] toolkit, double[] hand, TrainedModel last) {
    double toolkitMedian() {
      return MatMulRate.median(toolkit);
    }

    double handMedian() {
      return MatMulRate.median(hand);
    }
  }

  /**
   * @param warmups rounds run first and not counted
   * @param hand seconds per step of hand-written steps on a fitted tuner's graph
   * @param afterRound called after each counted round with its index, for measurements that
   *     alternate with both sides
   */
  static Rounds run(int warmups, int rounds, Supplier<Fit> fit,
      ToDoubleFunction<TrainedModel> hand, IntConsumer afterRound) {
    double[] toolkit = new double[rounds];
    double[] handSecs = new double[rounds];
    TrainedModel previous = null;
    for (int round = 0; round < warmups + rounds; round++) {
      boolean handFirst = round % 2 == 1;
      double h = handFirst ? hand.applyAsDouble(previous) : 0;
      Fit f = fit.get();
      if (!handFirst) {
        h = hand.applyAsDouble(f.tuner());
      }
      previous = f.tuner();
      if (round >= warmups) {
        toolkit[round - warmups] = f.secondsPerStep();
        handSecs[round - warmups] = h;
        afterRound.accept(round - warmups);
      }
    }
    return new Rounds(toolkit, handSecs, previous);
  }

  /**
   * Seconds per step of a fit's epochs after the first, which warms up at the measured shape:
   * epoch times cover the steps and the tuner's per-epoch work, not setup or feature caching.
   */
  static double perStepAfterFirstEpoch(TrainingHistory history, int stepsPerEpoch) {
    double secs = history.epochs().stream().skip(1).mapToDouble(e -> e.seconds()).sum();
    return secs / ((history.epochs().size() - 1) * (double) stepsPerEpoch);
  }
}
