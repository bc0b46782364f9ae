package dev.tftune.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The order of an epoch's batches, decided without TensorFlow. */
class EpochPlanTest {
  private static final int[] EXAMPLES = IntStream.range(0, 640).toArray();

  /** Lengths spread over 1..100 in an order unrelated to the index. */
  private static int length(int i) {
    return 1 + (i * 37) % 100;
  }

  @Test
  void everyExampleIsInExactlyOneBatchOfAnEpoch() {
    List<int[]> batches = new EpochPlan(EXAMPLES, 32, 42, i -> 0).batches(1);
    assertEquals(20, batches.size());
    assertArrayEquals(EXAMPLES, batches.stream().flatMapToInt(Arrays::stream).sorted().toArray());
  }

  @Test
  void theLastBatchHoldsTheRemainder() {
    EpochPlan plan = new EpochPlan(IntStream.range(0, 10).toArray(), 4, 1, i -> 0);
    assertEquals(3, plan.batchesPerEpoch());
    assertEquals(2, plan.batches(1).get(2).length);
  }

  @Test
  void anEpochIsDecidedByTheSeedAndItsNumberAlone() {
    EpochPlan plan = new EpochPlan(EXAMPLES, 16, 42, i -> 0);
    assertArrayEquals(flat(plan.batches(3)), flat(new EpochPlan(EXAMPLES, 16, 42, i -> 0)
        .batches(3)), "the same epoch of a new plan, as a resumed run would draw it");
    assertFalse(Arrays.equals(flat(plan.batches(1)), flat(plan.batches(2))),
        "each epoch has its own order");
  }

  @Test
  void examplesWithALengthShareBatchesWithExamplesOfSimilarLength() {
    List<int[]> batches = new EpochPlan(EXAMPLES, 16, 5, EpochPlanTest::length).batches(1);
    // random batches of 16 span about 90 of the 100 lengths
    double meanSpread = batches.stream().mapToInt(b -> Arrays.stream(b).map(
        EpochPlanTest::length).max().orElseThrow() - Arrays.stream(b).map(EpochPlanTest::length)
        .min().orElseThrow()).average().orElseThrow();
    assertTrue(meanSpread < 15, "mean length spread in a batch " + meanSpread);
  }

  @Test
  void bucketedBatchesStillComeInRandomOrder() {
    List<int[]> batches = new EpochPlan(EXAMPLES, 16, 5, EpochPlanTest::length).batches(1);
    int[] firstLengths = batches.stream().limit(10).mapToInt(b -> length(b[0])).toArray();
    int[] sorted = firstLengths.clone();
    Arrays.sort(sorted);
    assertFalse(Arrays.equals(sorted, firstLengths), "not one long run from short to long");
  }

  private static int[] flat(List<int[]> batches) {
    return batches.stream().flatMapToInt(Arrays::stream).toArray();
  }
}
