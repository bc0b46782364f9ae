package dev.tftune.train;

import dev.tftune.metrics.ClassificationMetrics;
import java.util.List;

/**
 * Accuracy, loss and per-class counts of a classifier on labelled examples, with the
 * probabilities and labels they were computed from, so that other metrics (AUC, F1 at a
 * threshold, calibration) can be computed from the same evaluation.
 *
 * @param confusion {@code confusion[actual][predicted]} counts
 * @param probabilities the predicted class probabilities of each example
 * @param labels the true class of each example
 */
public record Evaluation(int count, double accuracy, double loss, List<String> classNames,
    long[][] confusion, float[][] probabilities, int[] labels) {

  /** Computes the figures from predicted probabilities. */
  public static Evaluation of(float[][] probabilities, int[] labels, List<String> classNames) {
    int k = classNames.size();
    long[][] confusion = new long[k][k];
    double loss = 0;
    int correct = 0;
    for (int i = 0; i < labels.length; i++) {
      float[] p = probabilities[i];
      int best = 0;
      for (int c = 1; c < p.length; c++) {
        if (p[c] > p[best]) {
          best = c;
        }
      }
      confusion[labels[i]][best]++;
      correct += best == labels[i] ? 1 : 0;
      loss -= Math.log(Math.max(p[labels[i]], 1e-12));
    }
    int n = labels.length;
    return new Evaluation(n, n == 0 ? 0 : (double) correct / n, n == 0 ? 0 : loss / n,
        List.copyOf(classNames), confusion, probabilities.clone(), labels.clone());
  }

  /** Precision, recall, F1, AUC and the rest, from the same probabilities and labels. */
  public ClassificationMetrics metrics() {
    return ClassificationMetrics.of(probabilities, labels, classNames);
  }

  /** Examples of a class. */
  public long support(int cls) {
    long s = 0;
    for (long v : confusion[cls]) {
      s += v;
    }
    return s;
  }

  /** Examples of a class classified right. */
  public long correct(int cls) {
    return confusion[cls][cls];
  }

  /** Examples predicted as a class. */
  public long predicted(int cls) {
    long s = 0;
    for (long[] row : confusion) {
      s += row[cls];
    }
    return s;
  }
}
