package dev.tftune.train;

import dev.tftune.ConfigurationException;
import dev.tftune.TftuneException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops a run when a metric has not improved for {@code patience} epochs, as Keras'
 * {@code EarlyStopping} callback does: improvement means beating the best value so far by more
 * than {@code minDelta} (lower for losses, higher for accuracies).
 *
 * <pre>{@code
 * FineTuner.builder()...listener(EarlyStopping.on("val_loss").patience(3)).build().fit(data);
 * }</pre>
 *
 * <p>Configuration is immutable; the best value and the epochs waited are the listener's run
 * state, worked out again from the epochs finished so far when a run begins (so a resumed run
 * stops where the uninterrupted one would).
 */
public final class EarlyStopping implements TrainingListener {
  private static final Logger LOG = LoggerFactory.getLogger(EarlyStopping.class);

  private final EpochMetric metric;
  private final int patience;
  private final double minDelta;
  private double best;
  private int bestEpoch;
  private int waited;

  private EarlyStopping(EpochMetric metric, int patience, double minDelta) {
    this.metric = metric;
    this.patience = patience;
    this.minDelta = minDelta;
  }

  /**
   * Follows a metric by name ({@link Metric#parse}); patience 3 epochs and minDelta 0 by
   * default.
   */
  public static EarlyStopping on(String metric) {
    return new EarlyStopping(EpochMetric.parse(metric), 3, 0);
  }

  /** Epochs without improvement before the run stops, at least 1; default 3. */
  public EarlyStopping patience(int epochs) {
    if (epochs < 1) {
      throw new ConfigurationException("a patience of " + epochs + " epochs",
          "wait at least 1 epoch");
    }
    return new EarlyStopping(metric, epochs, minDelta);
  }

  /** How much better than the best so far counts as an improvement, >= 0; default 0. */
  public EarlyStopping minDelta(double delta) {
    if (!(delta >= 0)) {
      throw new ConfigurationException("a minimum improvement of " + delta,
          "use 0 or a positive improvement");
    }
    return new EarlyStopping(metric, patience, delta);
  }

  public EpochMetric metric() {
    return metric;
  }

  /** The epoch with the best value so far (0 before the first). */
  public int bestEpoch() {
    return bestEpoch;
  }

  /** The best value so far (NaN before the first epoch). */
  public double best() {
    return bestEpoch == 0 ? Double.NaN : best;
  }

  @Override
  public void onTrainingBegin(TrainingState state) {
    if (metric.needsValidation() && !state.hasValidation()) {
      throw noValidation();
    }
    bestEpoch = 0;
    waited = 0;
    for (EpochMetrics done : state.history()) {
      if (exhausted(done)) {
        state.stopTraining();
      }
    }
  }

  @Override
  public void onEpochEnd(TrainingState state, EpochMetrics metrics) {
    if (exhausted(metrics)) {
      LOG.info("early stopping: {} has not improved on {} (epoch {}) by more than {} for {} "
          + "epochs", metric.label(), String.format("%.4f", best), bestEpoch, minDelta, waited);
      state.stopTraining();
    }
  }

  /** Takes in an epoch's value; true once patience has run out. */
  private boolean exhausted(EpochMetrics metrics) {
    double value = metric.of(metrics);
    if (Double.isNaN(value)) {
      throw noValidation();
    }
    if (bestEpoch == 0 || metric.improves(value, best, minDelta)) {
      best = value;
      bestEpoch = metrics.epoch();
      waited = 0;
      return false;
    }
    waited++;
    return waited >= patience;
  }

  private TftuneException noValidation() {
    return new TftuneException("early stopping follows " + metric.label() + ", but the run "
        + "has no validation data", "hold out a validation split (validationSplit) or pass "
        + "validation data to fit, or follow loss or accuracy");
  }

  @Override
  public String toString() {
    return "early stopping on " + metric.label() + " (patience " + patience + ", min delta "
        + minDelta + ")";
  }
}
