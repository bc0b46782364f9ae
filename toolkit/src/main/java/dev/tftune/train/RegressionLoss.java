package dev.tftune.train;

import dev.tftune.ConfigurationException;
import java.util.Locale;

/** The per-example loss of a regression head, each computed by TensorFlow Java Framework. */
public enum RegressionLoss {
  /** Mean of the squared errors over the outputs (Keras' {@code mse}). */
  MSE("mse"),
  /** Mean of the absolute errors over the outputs (Keras' {@code mae}). */
  MAE("mae"),
  /**
   * Huber loss with delta 1: squared for errors up to 1, linear beyond, so outliers pull less
   * than with {@link #MSE} (Keras' {@code Huber()}).
   */
  HUBER("huber");

  /** Delta of {@link #HUBER}, Keras' default. */
  static final float HUBER_DELTA = 1f;

  private final String label;

  RegressionLoss(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  /**
   * @param name {@code mse}, {@code mae} or {@code huber}, any case
   * @throws ConfigurationException for any other name
   */
  public static RegressionLoss parse(String name) {
    for (RegressionLoss l : values()) {
      if (l.label.equals(name.strip().toLowerCase(Locale.ROOT))) {
        return l;
      }
    }
    throw new ConfigurationException("unknown regression loss '" + name + "'",
        "pass mse, mae or huber");
  }
}
