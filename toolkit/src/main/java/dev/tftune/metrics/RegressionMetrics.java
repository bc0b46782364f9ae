package dev.tftune.metrics;

import java.util.List;

/**
 * The usual metrics of a regression: mean absolute error, root mean squared error and the
 * coefficient of determination R², over all outputs and per output.
 *
 * <p>Conventions, as scikit-learn's defaults: errors are averaged over every value of every
 * example; R² is computed per output and averaged uniformly; an output whose targets are all
 * equal has R² 1 when predicted exactly, else 0.
 */
public final class RegressionMetrics {
  private final int count;
  private final List<String> names;
  private final double[] absSum;
  private final double[] squaredSum;
  private final double[] r2;

  private RegressionMetrics(float[][] predicted, float[][] targets, List<String> names) {
    this.count = targets.length;
    this.names = List.copyOf(names);
    int k = names.size();
    absSum = new double[k];
    squaredSum = new double[k];
    r2 = new double[k];
    double[] mean = new double[k];
    for (float[] t : targets) {
      for (int j = 0; j < k; j++) {
        mean[j] += t[j] / (double) count;
      }
    }
    double[] total = new double[k];
    for (int i = 0; i < count; i++) {
      for (int j = 0; j < k; j++) {
        double e = predicted[i][j] - targets[i][j];
        absSum[j] += Math.abs(e);
        squaredSum[j] += e * e;
        double d = targets[i][j] - mean[j];
        total[j] += d * d;
      }
    }
    for (int j = 0; j < k; j++) {
      r2[j] = total[j] > 0 ? 1 - squaredSum[j] / total[j] : squaredSum[j] == 0 ? 1 : 0;
    }
  }

  /**
   * @param predicted the predicted values per example, {@code names.size()} each
   * @param targets the true values, shaped alike
   * @param names the outputs' names
   * @throws IllegalArgumentException when the arrays differ in shape, or are empty
   */
  public static RegressionMetrics of(float[][] predicted, float[][] targets, List<String> names) {
    if (predicted.length != targets.length || targets.length == 0) {
      throw new IllegalArgumentException(predicted.length + " predictions for "
          + targets.length + " examples");
    }
    for (int i = 0; i < targets.length; i++) {
      if (predicted[i].length != names.size() || targets[i].length != names.size()) {
        throw new IllegalArgumentException("example " + i + " has " + predicted[i].length
            + " predictions and " + targets[i].length + " targets for " + names.size()
            + " outputs");
      }
    }
    return new RegressionMetrics(predicted, targets, names);
  }

  public int count() {
    return count;
  }

  public List<String> names() {
    return names;
  }

  /** Mean absolute error over all outputs. */
  public double mae() {
    return sum(absSum) / ((double) count * names.size());
  }

  /** Root mean squared error over all outputs. */
  public double rmse() {
    return Math.sqrt(sum(squaredSum) / ((double) count * names.size()));
  }

  /** R² averaged over the outputs. */
  public double r2() {
    return sum(r2) / names.size();
  }

  public double mae(int output) {
    return absSum[output] / count;
  }

  public double rmse(int output) {
    return Math.sqrt(squaredSum[output] / count);
  }

  public double r2(int output) {
    return r2[output];
  }

  private static double sum(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return s;
  }
}
