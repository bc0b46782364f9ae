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

  /** Computes the figures from predicted probabilities ({@link ClassificationMetrics}). */
  public static Evaluation of(float[][] probabilities, int[] labels, List<String> classNames) {
    ClassificationMetrics m = ClassificationMetrics.of(probabilities, labels, classNames);
    return new Evaluation(m.count(), m.accuracy(), m.logLoss(), List.copyOf(classNames),
        m.confusion(), probabilities.clone(), labels.clone());
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
