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
 * above 2, no L2 penalty, features standardized when they are cached (the base frozen). Kernels
 * start Glorot-uniform from the training seed, biases at zero (the logits' biases at the log of
 * the training classes' shares with {@link Builder#priorBias(boolean)}).
 */
public final class DenseHead {
  private final int[] hiddenUnits;
  private final Activation activation;
  private final float dropout;
  private final Pooling pooling;
  private final float l2;
  private final boolean standardized;
  private final boolean priorBias;

  private DenseHead(Builder b) {
    this.hiddenUnits = b.hiddenUnits.clone();
    this.activation = b.activation;
    this.dropout = b.dropout;
    this.pooling = b.pooling;
    this.l2 = b.l2;
    this.standardized = b.standardized;
    this.priorBias = b.priorBias;
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

  /** The L2 penalty factor on the kernels. */
  public float l2() {
    return l2;
  }

  /** Whether cached features are standardized before the dense layers. */
  public boolean standardized() {
    return standardized;
  }

  /** Whether the logits' biases start at the log of the classes' shares (else at zero). */
  public boolean priorBias() {
    return priorBias;
  }

  /** A copy of this head with some settings changed, such as a search's candidates. */
  public Builder toBuilder() {
    return builder().hiddenUnits(hiddenUnits).activation(activation).dropout(dropout)
        .pooling(pooling).l2(l2).standardized(standardized).priorBias(priorBias);
  }

  @Override
  public String toString() {
    return "DenseHead(hidden=" + Arrays.toString(hiddenUnits) + ", activation="
        + activation.name().toLowerCase() + ", dropout=" + dropout + ", pooling="
        + pooling.name().toLowerCase() + ", l2=" + l2 + ", standardized=" + standardized
        + ", priorBias=" + priorBias + ")";
  }

  /** Builder of {@link DenseHead}. */
  public static final class Builder {
    private int[] hiddenUnits = new int[0];
    private Activation activation = Activation.RELU;
    private float dropout;
    private Pooling pooling = Pooling.FLATTEN;
    private float l2;
    private boolean standardized = true;
    private boolean priorBias;

    private Builder() {}

    /**
     * Adds {@code factor * sum(w^2)} over every kernel (not the biases) to the training loss,
     * as Keras' {@code kernel_regularizer=l2(factor)} does; 0, the default, adds nothing.
     * Validation loss stays the data's loss alone, so runs with different factors compare.
     */
    public Builder l2(float factor) {
      if (!(factor >= 0) || Float.isInfinite(factor)) {
        throw new ConfigurationException("an L2 factor of " + factor,
            "use 0 (none) or a small positive factor such as 1e-4");
      }
      this.l2 = factor;
      return this;
    }

    /**
     * Whether features computed once through a frozen base are z-scored with the training
     * split's per-feature mean and standard deviation, kept in the head's graph as constants
     * (the export carries them). Default true; it does not apply when the base trains or the
     * data is augmented (features are not cached then), which the log says.
     */
    public Builder standardized(boolean on) {
      this.standardized = on;
      return this;
    }

    /**
     * Whether the logits' biases start at {@code log(share of class c)} among the training
     * examples, each class's count multiplied by its class weight, instead of at zero. The
     * first predictions are then the classes' base rates rather than the random guesses a
     * zero bias gives, which an imbalanced set would otherwise spend its first epochs
     * unlearning (the initialization TensorFlow's imbalanced-data tutorial recommends).
     * Default false: the figures in the README were measured without it.
     */
    public Builder priorBias(boolean on) {
      this.priorBias = on;
      return this;
    }

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
