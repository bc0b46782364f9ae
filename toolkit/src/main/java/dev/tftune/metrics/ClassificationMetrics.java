package dev.tftune.metrics;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The usual metrics of a single-label classifier: accuracy, top-k accuracy, log loss, precision,
 * recall and F1 per class with their macro and support-weighted averages, and for two classes
 * the ROC AUC and the PR AUC (average precision) of class 1.
 *
 * <p>Conventions, as scikit-learn's defaults: the predicted class is the most probable (the
 * first on ties); precision of a class never predicted, and recall of a class without examples,
 * are 0; F1 is 0 when precision and recall are; tied scores count half in the ROC AUC and form
 * one threshold in the average precision.
 */
public final class ClassificationMetrics {
  private static final double MIN_PROBABILITY = 1e-12;

  private final float[][] probabilities;
  private final int[] labels;
  private final List<String> classNames;
  private final long[][] confusion;

  private ClassificationMetrics(float[][] probabilities, int[] labels, List<String> classNames) {
    this.probabilities = probabilities;
    this.labels = labels;
    this.classNames = List.copyOf(classNames);
    int k = classNames.size();
    confusion = new long[k][k];
    for (int i = 0; i < labels.length; i++) {
      confusion[labels[i]][predicted(probabilities[i])]++;
    }
  }

  /**
   * @param probabilities class probabilities per example, {@code classNames.size()} each
   * @param labels the true class of each example
   * @throws IllegalArgumentException when the two differ in length or a label is out of range
   */
  public static ClassificationMetrics of(float[][] probabilities, int[] labels,
      List<String> classNames) {
    if (probabilities.length != labels.length) {
      throw new IllegalArgumentException(probabilities.length + " predictions for "
          + labels.length + " labels");
    }
    for (int label : labels) {
      if (label < 0 || label >= classNames.size()) {
        throw new IllegalArgumentException("label " + label + " is not a class of "
            + classNames);
      }
    }
    return new ClassificationMetrics(probabilities.clone(), labels.clone(), classNames);
  }

  public List<String> classNames() {
    return classNames;
  }

  /** Examples evaluated. */
  public int count() {
    return labels.length;
  }

  /** {@code confusion[actual][predicted]} counts (a copy). */
  public long[][] confusion() {
    return Arrays.stream(confusion).map(long[]::clone).toArray(long[][]::new);
  }

  public double accuracy() {
    long right = IntStream.range(0, classNames.size()).mapToLong(c -> confusion[c][c]).sum();
    return labels.length == 0 ? 0 : (double) right / labels.length;
  }

  /** The share of examples whose true class is among the {@code k} most probable. */
  public double topKAccuracy(int k) {
    int hits = 0;
    for (int i = 0; i < labels.length; i++) {
      float[] p = probabilities[i];
      float own = p[labels[i]];
      int better = 0;
      for (int c = 0; c < p.length; c++) {
        // ties rank before the true class only when their index is lower, as argmax breaks them
        if (p[c] > own || (p[c] == own && c < labels[i])) {
          better++;
        }
      }
      hits += better < k ? 1 : 0;
    }
    return labels.length == 0 ? 0 : (double) hits / labels.length;
  }

  /** Mean of {@code -ln p(true class)}, probabilities clipped at 1e-12. */
  public double logLoss() {
    double sum = 0;
    for (int i = 0; i < labels.length; i++) {
      sum -= Math.log(Math.max(probabilities[i][labels[i]], MIN_PROBABILITY));
    }
    return labels.length == 0 ? 0 : sum / labels.length;
  }

  /** Examples of a class. */
  public long support(int cls) {
    return Arrays.stream(confusion[cls]).sum();
  }

  public double precision(int cls) {
    long predicted = 0;
    for (long[] row : confusion) {
      predicted += row[cls];
    }
    return predicted == 0 ? 0 : (double) confusion[cls][cls] / predicted;
  }

  public double recall(int cls) {
    long support = support(cls);
    return support == 0 ? 0 : (double) confusion[cls][cls] / support;
  }

  public double f1(int cls) {
    double p = precision(cls);
    double r = recall(cls);
    return p + r == 0 ? 0 : 2 * p * r / (p + r);
  }

  public double macroPrecision() {
    return macro(this::precision);
  }

  public double macroRecall() {
    return macro(this::recall);
  }

  public double macroF1() {
    return macro(this::f1);
  }

  /** F1 averaged over classes weighted by their support. */
  public double weightedF1() {
    double sum = 0;
    for (int c = 0; c < classNames.size(); c++) {
      sum += f1(c) * support(c);
    }
    return labels.length == 0 ? 0 : sum / labels.length;
  }

  /** Whether the binary figures apply: exactly two classes. */
  public boolean binary() {
    return classNames.size() == 2;
  }

  /**
   * Area under the ROC curve of class 1 against class 0, scored by class 1's probability: the
   * chance a random positive scores above a random negative, ties counting half. NaN when a
   * class has no example or there are not two classes.
   */
  public double rocAuc() {
    if (!binary()) {
      return Double.NaN;
    }
    Integer[] order = byScore(false);
    double[] ranks = new double[labels.length];
    for (int from = 0; from < order.length;) {
      int to = from;
      float score = score(order[from]);
      while (to < order.length && score(order[to]) == score) {
        to++;
      }
      double averageRank = (from + 1 + to) / 2.0; // ranks from+1 .. to, ties averaged
      for (int i = from; i < to; i++) {
        ranks[order[i]] = averageRank;
      }
      from = to;
    }
    long positives = Arrays.stream(labels).filter(l -> l == 1).count();
    long negatives = labels.length - positives;
    if (positives == 0 || negatives == 0) {
      return Double.NaN;
    }
    double rankSum = 0;
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] == 1) {
        rankSum += ranks[i];
      }
    }
    return (rankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
  }

  /**
   * Average precision of class 1 (the area under its precision-recall curve as steps):
   * {@code sum (R_n - R_{n-1}) P_n} over thresholds from the highest score down. NaN without a
   * positive example or two classes.
   */
  public double prAuc() {
    if (!binary()) {
      return Double.NaN;
    }
    long positives = Arrays.stream(labels).filter(l -> l == 1).count();
    if (positives == 0) {
      return Double.NaN;
    }
    Integer[] order = byScore(true);
    double ap = 0;
    double previousRecall = 0;
    long tp = 0;
    long fp = 0;
    for (int from = 0; from < order.length;) {
      int to = from;
      float score = score(order[from]);
      while (to < order.length && score(order[to]) == score) {
        if (labels[order[to]] == 1) {
          tp++;
        } else {
          fp++;
        }
        to++;
      }
      double recall = (double) tp / positives;
      ap += (recall - previousRecall) * tp / (tp + fp);
      previousRecall = recall;
      from = to;
    }
    return ap;
  }

  private float score(int example) {
    return probabilities[example][1];
  }

  private Integer[] byScore(boolean descending) {
    Comparator<Integer> c = Comparator.comparingDouble(this::score);
    Integer[] order = IntStream.range(0, labels.length).boxed().toArray(Integer[]::new);
    Arrays.sort(order, descending ? c.reversed() : c);
    return order;
  }

  private double macro(java.util.function.IntToDoubleFunction perClass) {
    return IntStream.range(0, classNames.size()).mapToDouble(perClass).average().orElse(0);
  }

  private static int predicted(float[] p) {
    int best = 0;
    for (int c = 1; c < p.length; c++) {
      if (p[c] > p[best]) {
        best = c;
      }
    }
    return best;
  }
}
