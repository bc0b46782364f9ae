package dev.tftune.head;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** How a head turns a feature tensor of rank above 2 into one vector per example. */
public enum Pooling {
  /** Keep every value: reshape to [batch, -1], as Keras' Flatten. */
  FLATTEN,
  /** Mean over every axis between the batch and the last (channels-last spatial or sequence). */
  AVERAGE,
  /** Maximum over the same axes. */
  MAX;

  /**
   * Applies the pooling; rank-2 features pass unchanged, one value per example becomes a
   * column.
   *
   * @param featureShape the static shape of one example's features (without the batch)
   */
  public Operand<TFloat32> apply(Ops tf, Operand<TFloat32> features, long[] featureShape) {
    int rank = featureShape.length + 1;
    if (rank == 1) {
      // one value per example (a regression output, say): a column of features
      return tf.reshape(features, tf.constant(new long[] {-1, 1}));
    }
    if (rank == 2) {
      return features;
    }
    if (this == FLATTEN) {
      return tf.reshape(features, tf.constant(new long[] {-1, outputDim(featureShape)}));
    }
    int[] axes = new int[rank - 2];
    for (int i = 0; i < axes.length; i++) {
      axes[i] = i + 1;
    }
    return this == AVERAGE ? tf.math.mean(features, tf.constant(axes))
        : tf.max(features, tf.constant(axes));
  }

  /** The length of the pooled vector. */
  public long outputDim(long[] featureShape) {
    if (featureShape.length == 0) {
      return 1;
    }
    if (this != FLATTEN) {
      return featureShape[featureShape.length - 1];
    }
    long n = 1;
    for (long d : featureShape) {
      n *= d;
    }
    return n;
  }
}
