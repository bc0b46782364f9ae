package dev.tftune.train;

/**
 * Metrics of one epoch. Validation values are NaN when there is no validation split.
 *
 * @param loss mean cross-entropy over the training examples of the epoch
 * @param accuracy fraction of training examples classified right (dropout active)
 * @param validationMacroF1 the mean of the classes' F1 scores on the validation examples
 * @param validationAuc ROC AUC on the validation examples for two classes, else NaN
 */
public record EpochMetrics(int epoch, double loss, double accuracy, double validationLoss,
    double validationAccuracy, double validationMacroF1, double validationAuc, double seconds) {

  /** Metrics without F1 and AUC (NaN). */
  public EpochMetrics(int epoch, double loss, double accuracy, double validationLoss,
      double validationAccuracy, double seconds) {
    this(epoch, loss, accuracy, validationLoss, validationAccuracy, Double.NaN, Double.NaN,
        seconds);
  }

  @Override
  public String toString() {
    String s = String.format("epoch %d: loss %.4f, accuracy %.4f", epoch, loss, accuracy);
    if (!Double.isNaN(validationLoss)) {
      s += String.format(", val_loss %.4f, val_accuracy %.4f", validationLoss, validationAccuracy);
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
