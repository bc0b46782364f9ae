package dev.tftune.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Multi-label metrics at the 0.5 threshold, as scikit-learn computes them. */
class MultiLabelMetricsTest {
  // three examples, classes a, b, c
  private static final float[][] SETS = {{1, 0, 1}, {0, 1, 0}, {1, 1, 0}};
  private static final float[][] PROBABILITIES = {{0.9f, 0.2f, 0.7f}, {0.6f, 0.8f, 0.1f},
      {0.7f, 0.4f, 0.3f}};
  private static final MultiLabelMetrics M = MultiLabelMetrics.of(PROBABILITIES, SETS,
      List.of("a", "b", "c"));

  @Test
  void subsetAccuracyCountsExamplesWithEveryClassRight() {
    // predicted {a,c}, {a,b}, {a}: only the first is exact
    assertEquals(1 / 3.0, M.subsetAccuracy(), 1e-9);
    // wrong decisions: a of the second, b of the third
    assertEquals(2 / 9.0, M.hammingLoss(), 1e-9);
  }

  @Test
  void perClassAndAveragedF1() {
    // a: predicted 3, present 2, both 2; b: predicted 1, present 2, both 1; c: 1, 1, 1
    assertEquals(2 * (2 / 3.0) * 1 / (2 / 3.0 + 1), M.f1(0), 1e-9);
    assertEquals(2 * 1 * 0.5 / 1.5, M.f1(1), 1e-9);
    assertEquals(1.0, M.f1(2), 1e-9);
    assertEquals((M.f1(0) + M.f1(1) + M.f1(2)) / 3, M.macroF1(), 1e-9);
    // pooled: 4 true positives, 5 predicted, 5 present
    assertEquals(2.0 * 4 / 10, M.microF1(), 1e-9);
  }
}
