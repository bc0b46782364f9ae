package dev.tftune.train;

import dev.tftune.ConfigurationException;
import dev.tftune.data.Dataset;
import java.util.Arrays;

/**
 * How much each class's examples weigh in the training loss (Keras' {@code class_weight}): the
 * loss of an example is multiplied by its class's weight, then averaged over the batch's
 * examples. Validation loss and accuracy are not weighted. Immutable; default {@link #none()}.
 */
public final class ClassWeights {
  private final String kind;
  private final float[] given;

  private ClassWeights(String kind, float[] given) {
    this.kind = kind;
    this.given = given;
  }

  /** Every class weighs 1. */
  public static ClassWeights none() {
    return new ClassWeights("none", null);
  }

  /**
   * Weights inverse to the classes' shares of the training examples, {@code n / (k * n_c)}, as
   * scikit-learn's and Keras' "balanced": every class then weighs as much in all.
   */
  public static ClassWeights balanced() {
    return new ClassWeights("balanced", null);
  }

  /** One weight per class, in the class order of the data. */
  public static ClassWeights of(float... weights) {
    for (float w : weights) {
      if (!(w >= 0)) {
        throw new ConfigurationException("a class weight of " + w,
            "give every class a weight of 0 or more");
      }
    }
    return new ClassWeights("given", weights.clone());
  }

  /**
   * Reads {@code none}, {@code balanced} or one weight per class ({@code 1,4}).
   *
   * @throws ConfigurationException for anything else, with what to write
   */
  public static ClassWeights parse(String spec) {
    String w = spec.trim().toLowerCase(java.util.Locale.ROOT);
    if (w.equals("none")) {
      return none();
    }
    if (w.equals("balanced")) {
      return balanced();
    }
    try {
      String[] parts = w.split(",");
      float[] values = new float[parts.length];
      for (int i = 0; i < parts.length; i++) {
        values[i] = Float.parseFloat(parts[i].trim());
      }
      return of(values);
    } catch (NumberFormatException e) {
      throw new ConfigurationException("class weights '" + spec + "' are not none, balanced "
          + "or numbers", "write none, balanced, or one weight per class such as 1,4");
    }
  }

  /** As a search's grid writes it: none, balanced, or the weights joined by ':'. */
  String spec() {
    if (!kind.equals("given")) {
      return kind;
    }
    StringBuilder s = new StringBuilder();
    for (float g : given) {
      s.append(s.length() == 0 ? "" : ":").append(HeadSearch.plain(g));
    }
    return s.toString();
  }

  /** Whether every class weighs 1. */
  public boolean isNone() {
    return kind.equals("none");
  }

  /**
   * The weight of each class for training on {@code examples} of {@code data}.
   *
   * @throws ConfigurationException when given weights do not match the classes
   */
  public float[] resolve(Dataset data, int[] examples) {
    int k = data.classNames().size();
    float[] w = new float[k];
    switch (kind) {
      case "none" -> Arrays.fill(w, 1f);
      case "balanced" -> {
        long[] counts = new long[k];
        for (int i : examples) {
          counts[data.label(i)]++;
        }
        for (int c = 0; c < k; c++) {
          w[c] = counts[c] == 0 ? 0f : (float) examples.length / (k * counts[c]);
        }
      }
      default -> {
        if (given.length != k) {
          throw new ConfigurationException(given.length + " class weights for " + k
              + " classes " + data.classNames(), "give one weight per class, in that order");
        }
        System.arraycopy(given, 0, w, 0, k);
      }
    }
    return w;
  }

  @Override
  public String toString() {
    return kind.equals("given") ? Arrays.toString(given) : kind;
  }
}
