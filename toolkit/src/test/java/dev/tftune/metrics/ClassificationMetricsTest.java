package dev.tftune.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Each metric against values computed by hand. */
class ClassificationMetricsTest {
  /** Class 1 scores 0.1, 0.4, 0.35, 0.8 for labels 0, 0, 1, 1. */
  private static final ClassificationMetrics BINARY = ClassificationMetrics.of(new float[][] {
      {0.9f, 0.1f}, {0.6f, 0.4f}, {0.65f, 0.35f}, {0.2f, 0.8f}}, new int[] {0, 0, 1, 1},
      List.of("neg", "pos"));

  @Test
  void accuracyAndLogLoss() {
    assertEquals(0.75, BINARY.accuracy(), 1e-12, "predicted 0, 0, 0, 1");
    // -(ln 0.9 + ln 0.6 + ln 0.35 + ln 0.8) / 4
    assertEquals(0.4722880, BINARY.logLoss(), 1e-6);
  }

  @Test
  void precisionRecallAndF1PerClassAndAveraged() {
    assertEquals(2 / 3.0, BINARY.precision(0), 1e-6, "2 right of 3 predicted 0");
    assertEquals(1.0, BINARY.recall(0), 1e-12);
    assertEquals(0.8, BINARY.f1(0), 1e-6);
    assertEquals(1.0, BINARY.precision(1), 1e-12);
    assertEquals(0.5, BINARY.recall(1), 1e-12);
    assertEquals(2 / 3.0, BINARY.f1(1), 1e-6);
    assertEquals((0.8 + 2 / 3.0) / 2, BINARY.macroF1(), 1e-6);
    assertEquals((2 / 3.0 + 1) / 2, BINARY.macroPrecision(), 1e-6);
    assertEquals(0.75, BINARY.macroRecall(), 1e-12);
    assertEquals((0.8 * 2 + 2 / 3.0 * 2) / 4, BINARY.weightedF1(), 1e-6);
  }

  @Test
  void rocAucIsTheShareOfPositiveNegativePairsInOrder() {
    // pairs (pos, neg): (0.35, 0.1) yes, (0.35, 0.4) no, (0.8, 0.1) yes, (0.8, 0.4) yes
    assertEquals(0.75, BINARY.rocAuc(), 1e-12);
  }

  @Test
  void tiedScoresCountHalfInTheRocAuc() {
    ClassificationMetrics tied = ClassificationMetrics.of(new float[][] {{0.5f, 0.5f},
        {0.5f, 0.5f}}, new int[] {0, 1}, List.of("a", "b"));
    assertEquals(0.5, tied.rocAuc(), 1e-12);
  }

  @Test
  void averagePrecisionSumsPrecisionOverRecallSteps() {
    // thresholds 0.8 (P 1, R 0.5), 0.4 (P 0.5, R 0.5), 0.35 (P 2/3, R 1), 0.1 (P 0.5, R 1)
    assertEquals(0.5 * 1 + 0.5 * 2 / 3.0, BINARY.prAuc(), 1e-6);
  }

  @Test
  void topKCountsTheTrueClassAmongTheMostProbable() {
    ClassificationMetrics three = ClassificationMetrics.of(new float[][] {
        {0.5f, 0.3f, 0.2f}, {0.5f, 0.3f, 0.2f}, {0.5f, 0.3f, 0.2f}}, new int[] {0, 1, 2},
        List.of("a", "b", "c"));
    assertEquals(1 / 3.0, three.topKAccuracy(1), 1e-12);
    assertEquals(2 / 3.0, three.topKAccuracy(2), 1e-12);
    assertEquals(1.0, three.topKAccuracy(3), 1e-12);
    assertTrue(Double.isNaN(three.rocAuc()), "binary figures need two classes");
  }

  @Test
  void aClassNeverPredictedHasPrecisionZero() {
    ClassificationMetrics m = ClassificationMetrics.of(new float[][] {{0.9f, 0.1f},
        {0.8f, 0.2f}}, new int[] {0, 1}, List.of("a", "b"));
    assertEquals(0.0, m.precision(1), 0.0);
    assertEquals(0.0, m.f1(1), 0.0);
    assertEquals(1, m.confusion()[1][0]);
  }
}
