package dev.tftune.head;

import dev.tftune.ConfigurationException;
import java.util.Arrays;

/**
 * A classifier head: pooling of the feature tensor, optional hidden dense layers with an
 * activation and dropout, and a final dense layer to one logit per class. Immutable; build it
 * with {@link #builder()}.
 *
 * <p>Defaults: no hidden layer, {@link Activation#RELU} for hidden layers, dropout 0 (applied
 * only while training, before each dense layer), {@link Pooling#FLATTEN} for features of rank
 * above 2. Kernels start Glorot-uniform from the training seed, biases at zero.
 */
public final class DenseHead {
  private final int[] hiddenUnits;
  private final Activation activation;
  private final float dropout;
  private final Pooling pooling;

  private DenseHead(Builder b) {
    this.hiddenUnits = b.hiddenUnits.clone();
    this.activation = b.activation;
    this.dropout = b.dropout;
    this.pooling = b.pooling;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A single dense layer from the features to the logits. */
  public static DenseHead linear() {
    return builder().build();
  }

  public int[] hiddenUnits() {
    return hiddenUnits.clone();
  }

  public Activation activation() {
    return activation;
  }

  public float dropout() {
    return dropout;
  }

  public Pooling pooling() {
    return pooling;
  }

  @Override
  public String toString() {
    return "DenseHead(hidden=" + Arrays.toString(hiddenUnits) + ", activation="
        + activation.name().toLowerCase() + ", dropout=" + dropout + ", pooling="
        + pooling.name().toLowerCase() + ")";
  }

  /** Builder of {@link DenseHead}. */
  public static final class Builder {
    private int[] hiddenUnits = new int[0];
    private Activation activation = Activation.RELU;
    private float dropout;
    private Pooling pooling = Pooling.FLATTEN;

    private Builder() {}

    /** Units of each hidden layer, in order; none by default. */
    public Builder hiddenUnits(int... units) {
      for (int u : units) {
        if (u <= 0) {
          throw new ConfigurationException("a hidden layer of " + u + " units",
              "give every hidden layer at least 1 unit");
        }
      }
      this.hiddenUnits = units.clone();
      return this;
    }

    public Builder activation(Activation activation) {
      this.activation = activation;
      return this;
    }

    /** Fraction of units dropped while training, in [0, 1); 0 by default. */
    public Builder dropout(float rate) {
      if (rate < 0 || rate >= 1) {
        throw new ConfigurationException("a dropout rate of " + rate,
            "use a rate in [0, 1)");
      }
      this.dropout = rate;
      return this;
    }

    public Builder pooling(Pooling pooling) {
      this.pooling = pooling;
      return this;
    }

    public DenseHead build() {
      return new DenseHead(this);
    }
  }
}
