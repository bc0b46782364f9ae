package dev.tftune.data;

import java.util.Arrays;
import java.util.Locale;

/** How 8-bit pixel values become the floats a model expects. */
public enum Scaling {
  /** {@code v / 255}: values in [0,1]. */
  UNIT("[0,1]"),
  /** {@code v / 127.5 - 1}: values in [-1,1]. */
  SYMMETRIC("[-1,1]"),
  /** Values as they are, in [0,255]. */
  RAW("[0,255]"),
  /**
   * Each image to zero mean and unit variance, as {@code tf.image.per_image_standardization}
   * (the convention of TF's official CIFAR-10 ResNet).
   */
  PER_IMAGE_STANDARDIZATION("per-image-standardization");

  private final String label;

  Scaling(String label) {
    this.label = label;
  }

  /** The name users type and logs show. */
  public String label() {
    return label;
  }

  /**
   * Parses {@code [0,1]}, {@code [-1,1]}, {@code [0,255]}, {@code per-image-standardization},
   * or the constant names ({@code unit}, {@code symmetric}, {@code raw}).
   */
  public static Scaling parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    for (Scaling s : values()) {
      if (s.label.equals(t) || s.name().toLowerCase(Locale.ROOT).replace('_', '-').equals(t)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown scaling '" + text + "': use one of "
        + Arrays.stream(values()).map(Scaling::label).toList());
  }

  /** Scales one image in place; {@code pixels} hold values in [0,255]. */
  void apply(float[] pixels, int offset, int length) {
    switch (this) {
      case UNIT -> scale(pixels, offset, length, 1 / 255f, 0);
      case SYMMETRIC -> scale(pixels, offset, length, 1 / 127.5f, -1);
      case RAW -> { }
      case PER_IMAGE_STANDARDIZATION -> {
        double sum = 0;
        double sq = 0;
        for (int i = offset; i < offset + length; i++) {
          sum += pixels[i];
          sq += (double) pixels[i] * pixels[i];
        }
        double mean = sum / length;
        double std = Math.sqrt(Math.max(sq / length - mean * mean, 0));
        double adjusted = Math.max(std, 1 / Math.sqrt(length));
        scale(pixels, offset, length, (float) (1 / adjusted), (float) (-mean / adjusted));
      }
    }
  }

  private static void scale(float[] v, int offset, int length, float mul, float add) {
    for (int i = offset; i < offset + length; i++) {
      v[i] = v[i] * mul + add;
    }
  }
}
