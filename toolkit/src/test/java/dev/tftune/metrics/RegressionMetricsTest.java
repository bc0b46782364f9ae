package dev.tftune.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** MAE, RMSE and R² as scikit-learn computes them. */
class RegressionMetricsTest {

  @Test
  void errorsAndR2OfOneOutputMatchTheirDefinitions() {
    float[][] y = {{1}, {2}, {3}, {4}};
    float[][] p = {{1.5f}, {2}, {2}, {5}};
    RegressionMetrics m = RegressionMetrics.of(p, y, List.of("y"));
    // errors 0.5, 0, -1, 1; the targets' mean is 2.5, their squared deviations sum to 5
    assertEquals(2.5 / 4, m.mae(), 1e-9);
    assertEquals(Math.sqrt(2.25 / 4), m.rmse(), 1e-9);
    assertEquals(1 - 2.25 / 5, m.r2(), 1e-9);
  }

  @Test
  void r2IsAveragedOverOutputsAndErrorsOverAllValues() {
    float[][] y = {{0, 10}, {2, 20}};
    float[][] p = {{0, 12}, {2, 18}};
    RegressionMetrics m = RegressionMetrics.of(p, y, List.of("a", "b"));
    assertEquals(1.0, m.r2(0), 1e-9);
    assertEquals(1 - 8.0 / 50, m.r2(1), 1e-9);
    assertEquals((1.0 + 1 - 8.0 / 50) / 2, m.r2(), 1e-9);
    assertEquals(4.0 / 4, m.mae(), 1e-9);
    assertEquals(2.0, m.rmse(1), 1e-9);
  }

  @Test
  void aConstantTargetHasR2OneOnlyWhenPredictedExactly() {
    float[][] y = {{3}, {3}};
    assertEquals(1.0, RegressionMetrics.of(new float[][] {{3}, {3}}, y, List.of("y")).r2());
    assertEquals(0.0, RegressionMetrics.of(new float[][] {{3}, {4}}, y, List.of("y")).r2());
  }

  @Test
  void predictionsOfAnotherShapeAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> RegressionMetrics.of(
        new float[][] {{1, 2}}, new float[][] {{1}}, List.of("y")));
  }
}
