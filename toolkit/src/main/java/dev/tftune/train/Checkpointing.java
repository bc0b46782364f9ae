package dev.tftune.train;

import dev.tftune.ConfigurationException;
import java.nio.file.Path;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes checkpoints of a run: {@code last/} after every epoch (and every N steps when asked),
 * {@code best/} whenever the followed metric improves on every earlier epoch. Each is a folder
 * {@link FineTuner.Builder#resumeFrom} continues from and {@link TrainedModel#restoreCheckpoint}
 * restores, replaced atomically (a kill never leaves a broken one).
 *
 * <pre>{@code
 * FineTuner.builder()...listener(Checkpointing.into(runDir.resolve("checkpoints"))
 *     .everySteps(500)).build().fit(data);
 * }</pre>
 *
 * <p>Defaults: no step checkpoints; {@code best/} follows {@code val_loss} when the run has
 * validation data and {@code loss} when it has none. Configuration is immutable.
 */
public final class Checkpointing implements TrainingListener {
  private static final Logger LOG = LoggerFactory.getLogger(Checkpointing.class);
  /** The folders under the checkpoints folder. */
  public static final String LAST = "last";
  public static final String BEST = "best";

  private final Path folder;
  private final int everySteps;
  private final EpochMetric metric;
  private EpochMetric followed;
  private double best;
  private int bestEpoch;

  private Checkpointing(Path folder, int everySteps, EpochMetric metric) {
    this.folder = Objects.requireNonNull(folder);
    this.everySteps = everySteps;
    this.metric = metric;
  }

  /** Checkpoints under {@code folder} ({@code folder/last}, {@code folder/best}). */
  public static Checkpointing into(Path folder) {
    return new Checkpointing(folder, 0, null);
  }

  /** Also writes {@code last/} every {@code steps} steps within epochs; 0 (default) for none. */
  public Checkpointing everySteps(int steps) {
    if (steps < 0) {
      throw new ConfigurationException("a checkpoint every " + steps + " steps",
          "pass a positive step count, or 0 for checkpoints at epoch ends only");
    }
    return new Checkpointing(folder, steps, metric);
  }

  /** The metric {@code best/} follows, by {@link EpochMetric#parse name}. */
  public Checkpointing best(String metricName) {
    return new Checkpointing(folder, everySteps, EpochMetric.parse(metricName));
  }

  /** The folder of the latest checkpoint. */
  public Path last() {
    return folder.resolve(LAST);
  }

  /** The folder of the best epoch's checkpoint. */
  public Path best() {
    return folder.resolve(BEST);
  }

  /** The metric {@code best/} follows in the current run (null before one begins). */
  public EpochMetric followed() {
    return followed;
  }

  @Override
  public void onTrainingBegin(TrainingState state) {
    followed = metric != null ? metric
        : state.hasValidation() ? EpochMetric.VAL_LOSS : EpochMetric.LOSS;
    if (followed.needsValidation() && !state.hasValidation()) {
      throw new ConfigurationException("the best checkpoint follows " + followed.label()
          + ", but the run has no validation data", "hold out a validation split or follow "
          + "loss or accuracy");
    }
    bestEpoch = 0;
    for (EpochMetrics done : state.history()) {
      improved(done);
    }
  }

  @Override
  public void onStepEnd(TrainingState state) {
    if (everySteps > 0 && state.step() % everySteps == 0
        && state.batch() < state.batchesPerEpoch()) {
      state.writeCheckpoint(last());
    }
  }

  @Override
  public void onEpochEnd(TrainingState state, EpochMetrics metrics) {
    state.writeCheckpoint(last());
    if (improved(metrics)) {
      state.writeCheckpoint(best());
      LOG.info("checkpoint {}: epoch {}, {} {}", best(), metrics.epoch(), followed.label(),
          String.format("%.4f", best));
    }
  }

  private boolean improved(EpochMetrics metrics) {
    double value = followed.of(metrics);
    if (bestEpoch == 0 || followed.improves(value, best, 0)) {
      best = value;
      bestEpoch = metrics.epoch();
      return true;
    }
    return false;
  }

  @Override
  public String toString() {
    return "checkpoints in " + folder + (everySteps > 0 ? " every " + everySteps + " steps" : "")
        + (metric != null ? ", best by " + metric.label() : "");
  }
}
