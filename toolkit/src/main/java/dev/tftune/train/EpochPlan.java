package dev.tftune.train;

import dev.tftune.data.Split;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.IntUnaryOperator;

/**
 * The order in which an epoch visits the training examples, in batches: pure Java, decided from
 * the seed and the epoch alone, so a run (and a resumed run) sees the same batches.
 *
 * <p>The examples are shuffled each epoch. For data padded per batch (a positive length per
 * example), each group of {@value #BUCKET_BATCHES} batches is sorted by length before it is cut,
 * and the batches are shuffled again: examples of similar length share a batch, so little
 * compute goes to padding, but the order stays random.
 */
final class EpochPlan {
  /** Batches per group of examples sorted by length. */
  static final int BUCKET_BATCHES = 20;

  private final int[] examples;
  private final int batchSize;
  private final long seed;
  private final IntUnaryOperator lengths;

  /**
   * @param examples the training indices
   * @param lengths each example's padded length, or 0 for fixed-size examples
   */
  EpochPlan(int[] examples, int batchSize, long seed, IntUnaryOperator lengths) {
    if (examples.length == 0) {
      throw new IllegalArgumentException("an epoch needs at least one example");
    }
    this.examples = examples.clone();
    this.batchSize = batchSize;
    this.seed = seed;
    this.lengths = lengths;
  }

  /** Batches per epoch; the last may be smaller. */
  int batchesPerEpoch() {
    return (examples.length + batchSize - 1) / batchSize;
  }

  /** The batches of an epoch (counted from 1), each a list of example indices. */
  List<int[]> batches(int epoch) {
    Random random = new Random(seed * 31 + epoch);
    int[] order = Split.shuffled(examples, random);
    boolean bucketed = lengths.applyAsInt(order[0]) > 0;
    int group = bucketed ? batchSize * BUCKET_BATCHES : batchSize;
    List<int[]> batches = new ArrayList<>();
    for (int from = 0; from < order.length; from += group) {
      int[] part = Arrays.copyOfRange(order, from, Math.min(from + group, order.length));
      if (bucketed) {
        part = Arrays.stream(part).boxed().sorted(Comparator.comparingInt(lengths::applyAsInt))
            .mapToInt(Integer::intValue).toArray();
      }
      for (int b = 0; b < part.length; b += batchSize) {
        batches.add(Arrays.copyOfRange(part, b, Math.min(b + batchSize, part.length)));
      }
    }
    if (bucketed) {
      Collections.shuffle(batches, random);
    }
    return batches;
  }
}
