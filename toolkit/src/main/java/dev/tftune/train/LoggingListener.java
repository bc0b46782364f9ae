package dev.tftune.train;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default listener: a line per epoch, and a progress line in long epochs (every 15 seconds,
 * never after the epoch's last step).
 */
public final class LoggingListener implements TrainingListener {
  private static final Logger LOG = LoggerFactory.getLogger(FineTuner.class);
  private static final long PROGRESS_EVERY_NANOS = 15_000_000_000L;

  private long lastLog;

  @Override
  public void onEpochBegin(TrainingState state) {
    lastLog = System.nanoTime();
  }

  @Override
  public void onStepEnd(TrainingState state) {
    if (System.nanoTime() - lastLog > PROGRESS_EVERY_NANOS
        && state.batch() < state.batchesPerEpoch()) {
      lastLog = System.nanoTime();
      LOG.info("epoch {}: step {}/{}, loss {}, accuracy {} ({} s)", state.epoch(), state.batch(),
          state.batchesPerEpoch(), String.format("%.4f", state.epochLoss()),
          String.format("%.4f", state.epochAccuracy()),
          String.format("%.0f", state.epochSeconds()));
    }
  }

  @Override
  public void onEpochEnd(TrainingState state, EpochMetrics metrics) {
    LOG.info("{}", metrics);
  }
}
