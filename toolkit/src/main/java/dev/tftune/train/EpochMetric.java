package dev.tftune.train;

import dev.tftune.ConfigurationException;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * A figure of each epoch that early stopping and the best checkpoint follow, by the names logs
 * and metric files use.
 */
public enum EpochMetric {
  VAL_LOSS("val_loss", false, EpochMetrics::validationLoss),
  VAL_ACCURACY("val_accuracy", true, EpochMetrics::validationAccuracy),
  /** Macro-averaged F1 on the validation examples. */
  VAL_F1("val_f1", true, EpochMetrics::validationMacroF1),
  /** ROC AUC on the validation examples; two classes only. */
  VAL_AUC("val_auc", true, EpochMetrics::validationAuc),
  /** A regression's mean absolute error on the validation examples. */
  VAL_MAE("val_mae", false, EpochMetrics::validationMae),
  /** A regression's root mean squared error on the validation examples. */
  VAL_RMSE("val_rmse", false, EpochMetrics::validationRmse),
  /** A regression's R² on the validation examples. */
  VAL_R2("val_r2", true, EpochMetrics::validationR2),
  LOSS("loss", false, EpochMetrics::loss),
  ACCURACY("accuracy", true, EpochMetrics::accuracy);

  private final String label;
  private final boolean higherIsBetter;
  private final ToDoubleFunction<EpochMetrics> value;

  EpochMetric(String label, boolean higherIsBetter, ToDoubleFunction<EpochMetrics> value) {
    this.label = label;
    this.higherIsBetter = higherIsBetter;
    this.value = value;
  }

  /**
   * {@code val_loss}, {@code val_accuracy}, {@code val_f1}, {@code val_auc}, {@code val_mae},
   * {@code val_rmse}, {@code val_r2}, {@code loss} or {@code accuracy}.
   */
  public String label() {
    return label;
  }

  /** True for accuracies, false for losses. */
  public boolean higherIsBetter() {
    return higherIsBetter;
  }

  /** The epoch's value; NaN for a validation metric without validation data. */
  public double of(EpochMetrics metrics) {
    return value.applyAsDouble(metrics);
  }

  /** Whether {@code value} beats {@code best} by more than {@code minDelta}. */
  public boolean improves(double value, double best, double minDelta) {
    return higherIsBetter ? value - best > minDelta : best - value > minDelta;
  }

  /** Whether the metric is measured on the validation data. */
  public boolean needsValidation() {
    return label.startsWith("val_");
  }

  /**
   * A metric by its name.
   *
   * @throws ConfigurationException for an unknown name
   */
  public static EpochMetric parse(String name) {
    String n = name.trim().toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(m -> m.label.equals(n)).findFirst().orElseThrow(
        () -> new ConfigurationException("unknown metric '" + name + "'", "follow one of "
            + Arrays.stream(values()).map(EpochMetric::label).toList()));
  }
}
