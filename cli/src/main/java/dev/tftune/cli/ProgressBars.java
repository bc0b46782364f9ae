package dev.tftune.cli;

import dev.tftune.train.EpochMetrics;
import dev.tftune.train.TrainingHistory;
import dev.tftune.train.TrainingListener;
import dev.tftune.train.TrainingState;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A progress bar per epoch on a terminal (steps, ETA, examples/s, running loss and accuracy),
 * drawn by the progressbar library, and the epoch's one-line summary when it ends. Without a
 * terminal (CI logs, pipes) the default logging listener's periodic lines are used instead.
 */
final class ProgressBars implements TrainingListener {
  private static final Logger LOG = LoggerFactory.getLogger(ProgressBars.class);

  private static final int WIDTH = 110;

  private ProgressBar bar;

  /** Whether standard error is a terminal a bar can redraw on. */
  static boolean onTerminal() {
    return System.console() != null && System.getenv("TERM") != null
        && !"dumb".equals(System.getenv("TERM"));
  }

  @Override
  public void onEpochBegin(TrainingState state) {
    // the library sizes its bar from the terminal on file descriptor 2, which NativeLogs may
    // have moved to a file: draw on Java's stderr (the console) at a fixed width instead
    bar = new ProgressBarBuilder().setTaskName("epoch " + state.epoch() + "/" + state.epochs())
        .setInitialMax(state.batchesPerEpoch()).setStyle(ProgressBarStyle.ASCII)
        .setUpdateIntervalMillis(250)
        .setConsumer(new ConsoleProgressBarConsumer(System.err, WIDTH)).build();
    bar.stepTo(state.batch());
  }

  @Override
  public void onStepEnd(TrainingState state) {
    bar.stepTo(state.batch());
    bar.setExtraMessage(String.format("%.0f ex/s loss %.4f acc %.4f",
        state.examplesInEpoch() / Math.max(1e-9, state.epochSeconds()), state.epochLoss(),
        state.epochAccuracy()));
  }

  @Override
  public void onEpochEnd(TrainingState state, EpochMetrics metrics) {
    bar.close();
    LOG.info("{}", metrics);
  }

  @Override
  public void onTrainingFailed(TrainingState state, RuntimeException failure) {
    onTrainingEnd(state, null);
  }

  @Override
  public void onTrainingEnd(TrainingState state, TrainingHistory history) {
    if (bar != null) {
      bar.close(); // closing twice is harmless; a run stopped before its epoch's end needs it
    }
  }
}
