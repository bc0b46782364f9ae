package dev.tftune.train;

/**
 * Metrics of one epoch. Validation values are NaN when there is no validation split.
 *
 * @param loss mean cross-entropy over the training examples of the epoch
 * @param accuracy fraction of training examples classified right (dropout active)
 */
public record EpochMetrics(int epoch, double loss, double accuracy, double validationLoss,
    double validationAccuracy, double seconds) {

  @Override
  public String toString() {
    String s = String.format("epoch %d: loss %.4f, accuracy %.4f", epoch, loss, accuracy);
    if (!Double.isNaN(validationLoss)) {
      s += String.format(", val_loss %.4f, val_accuracy %.4f", validationLoss, validationAccuracy);
    }
    return s + String.format(" (%.1f s)", seconds);
  }
}
