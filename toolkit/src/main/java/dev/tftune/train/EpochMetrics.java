package dev.tftune.train;

/**
 * Metrics of one epoch. Validation values are NaN when there is no validation split.
 *
 * @param loss mean loss over the training examples of the epoch (cross-entropy, or a
 *     regression's loss)
 * @param accuracy fraction of training examples classified right (dropout active); NaN for a
 *     regression
 * @param validationMacroF1 the mean of the classes' F1 scores on the validation examples
 * @param validationAuc ROC AUC on the validation examples for two classes, else NaN
 * @param validationMae a regression's mean absolute error on the validation examples, else NaN
 * @param validationRmse a regression's root mean squared error there, else NaN
 * @param validationR2 a regression's R² there (averaged over its outputs), else NaN
 */
public record EpochMetrics(int epoch, double loss, double accuracy, double validationLoss,
    double validationAccuracy, double validationMacroF1, double validationAuc,
    double validationMae, double validationRmse, double validationR2, double seconds) {

  /** A classifier's metrics (the regression ones NaN). */
  public EpochMetrics(int epoch, double loss, double accuracy, double validationLoss,
      double validationAccuracy, double validationMacroF1, double validationAuc,
      double seconds) {
    this(epoch, loss, accuracy, validationLoss, validationAccuracy, validationMacroF1,
        validationAuc, Double.NaN, Double.NaN, Double.NaN, seconds);
  }

  /** Metrics without F1 and AUC (NaN). */
  public EpochMetrics(int epoch, double loss, double accuracy, double validationLoss,
      double validationAccuracy, double seconds) {
    this(epoch, loss, accuracy, validationLoss, validationAccuracy, Double.NaN, Double.NaN,
        seconds);
  }

  /** A regression's metrics: no accuracy, F1 or AUC. */
  static EpochMetrics regression(int epoch, double loss, double validationLoss, double mae,
      double rmse, double r2, double seconds) {
    return new EpochMetrics(epoch, loss, Double.NaN, validationLoss, Double.NaN, Double.NaN,
        Double.NaN, mae, rmse, r2, seconds);
  }

  @Override
  public String toString() {
    String s = String.format("epoch %d: loss %.4f", epoch, loss);
    if (!Double.isNaN(accuracy)) {
      s += String.format(", accuracy %.4f", accuracy);
    }
    if (!Double.isNaN(validationLoss)) {
      s += String.format(", val_loss %.4f", validationLoss);
      if (!Double.isNaN(validationAccuracy)) {
        s += String.format(", val_accuracy %.4f", validationAccuracy);
      }
      if (!Double.isNaN(validationMae)) {
        s += String.format(", val_mae %.4f, val_rmse %.4f, val_r2 %.4f", validationMae,
            validationRmse, validationR2);
      }
      if (!Double.isNaN(validationMacroF1)) {
        s += String.format(", val_f1 %.4f", validationMacroF1);
      }
      if (!Double.isNaN(validationAuc)) {
        s += String.format(", val_auc %.4f", validationAuc);
      }
    }
    return s + String.format(" (%.1f s)", seconds);
  }
}
