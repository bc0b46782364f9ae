package dev.tftune.metrics;

import java.util.List;

/**
 * The usual metrics of a multi-label classifier, a class predicted when its probability is above
 * 0.5: subset accuracy (every class right), Hamming loss (the share of wrong class decisions),
 * precision, recall and F1 per class, their macro average, and micro-averaged F1.
 *
 * <p>Conventions, as scikit-learn's defaults: precision of a class never predicted, recall of a
 * class never present, and F1 when both are 0, are 0.
 */
public final class MultiLabelMetrics {
  private final List<String> classNames;
  private final int count;
  private final long[] truePositives;
  private final long[] predicted;
  private final long[] actual;
  private final long exact;
  private final long wrong;

  private MultiLabelMetrics(float[][] probabilities, float[][] sets, List<String> classNames) {
    this.classNames = List.copyOf(classNames);
    this.count = sets.length;
    int k = classNames.size();
    truePositives = new long[k];
    predicted = new long[k];
    actual = new long[k];
    long exactCount = 0;
    long wrongCount = 0;
    for (int i = 0; i < count; i++) {
      boolean all = true;
      for (int c = 0; c < k; c++) {
        boolean p = probabilities[i][c] > 0.5f;
        boolean a = sets[i][c] > 0.5f;
        predicted[c] += p ? 1 : 0;
        actual[c] += a ? 1 : 0;
        truePositives[c] += p && a ? 1 : 0;
        if (p != a) {
          all = false;
          wrongCount++;
        }
      }
      exactCount += all ? 1 : 0;
    }
    exact = exactCount;
    wrong = wrongCount;
  }

  /**
   * @param probabilities each class's probability per example
   * @param sets each example's classes, multi-hot (1 for a class it has)
   * @throws IllegalArgumentException when the two differ in shape, or are empty
   */
  public static MultiLabelMetrics of(float[][] probabilities, float[][] sets,
      List<String> classNames) {
    if (probabilities.length != sets.length || sets.length == 0) {
      throw new IllegalArgumentException(probabilities.length + " predictions for "
          + sets.length + " examples");
    }
    for (int i = 0; i < sets.length; i++) {
      if (probabilities[i].length != classNames.size() || sets[i].length != classNames.size()) {
        throw new IllegalArgumentException("example " + i + " does not have "
            + classNames.size() + " classes");
      }
    }
    return new MultiLabelMetrics(probabilities, sets, classNames);
  }

  public int count() {
    return count;
  }

  public List<String> classNames() {
    return classNames;
  }

  /** The share of examples whose every class decision is right. */
  public double subsetAccuracy() {
    return exact / (double) count;
  }

  /** The share of wrong decisions over all examples and classes. */
  public double hammingLoss() {
    return wrong / ((double) count * classNames.size());
  }

  public long support(int c) {
    return actual[c];
  }

  public long predicted(int c) {
    return predicted[c];
  }

  public double precision(int c) {
    return predicted[c] == 0 ? 0 : truePositives[c] / (double) predicted[c];
  }

  public double recall(int c) {
    return actual[c] == 0 ? 0 : truePositives[c] / (double) actual[c];
  }

  public double f1(int c) {
    double p = precision(c);
    double r = recall(c);
    return p + r == 0 ? 0 : 2 * p * r / (p + r);
  }

  /** The mean of the classes' F1 scores. */
  public double macroF1() {
    double s = 0;
    for (int c = 0; c < classNames.size(); c++) {
      s += f1(c);
    }
    return s / classNames.size();
  }

  /** F1 over all class decisions pooled. */
  public double microF1() {
    long tp = 0;
    long p = 0;
    long a = 0;
    for (int c = 0; c < classNames.size(); c++) {
      tp += truePositives[c];
      p += predicted[c];
      a += actual[c];
    }
    return p + a == 0 ? 0 : 2.0 * tp / (p + a);
  }
}
