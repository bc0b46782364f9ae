package dev.tftune.run;

import dev.tftune.TftuneException;
import dev.tftune.train.Checkpointing;
import dev.tftune.train.TrainingListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The folder of one training run and the names of what it holds: {@code plan.json} (the
 * resolved configuration), {@code metrics.csv}, {@code tensorboard/} (event files),
 * {@code curves.png}, {@code confusion.png} and {@code checkpoints/last|best}.
 *
 * <pre>{@code
 * RunFolder run = RunFolder.create(Path.of("runs/resnet-1"));
 * FineTuner.Builder tuner = FineTuner.builder()...;
 * run.listeners(0, 0).forEach(tuner::listener);
 * }</pre>
 */
public final class RunFolder {
  public static final String PLAN = "plan.json";
  public static final String METRICS = "metrics.csv";
  public static final String TENSORBOARD = "tensorboard";
  public static final String CURVES = "curves.png";
  public static final String CONFUSION = "confusion.png";
  public static final String LEARNING_RATES = "lr-find.png";
  public static final String CHECKPOINTS = "checkpoints";

  private final Path dir;

  private RunFolder(Path dir) {
    this.dir = dir;
  }

  /**
   * The run folder {@code dir}, created when missing.
   *
   * @throws TftuneException when it cannot be created
   */
  public static RunFolder create(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new TftuneException("cannot create the run folder " + dir + ": " + e.getMessage(),
          "pass a writable --run-dir");
    }
    return new RunFolder(dir);
  }

  /**
   * An existing run folder, to resume or read.
   *
   * @throws TftuneException when it holds no plan
   */
  public static RunFolder existing(Path dir) {
    if (!Files.isRegularFile(dir.resolve(PLAN))) {
      throw new TftuneException(dir + " is not a run folder (no " + PLAN + ")",
          "pass the folder a tftune train run wrote (its --run-dir)");
    }
    return new RunFolder(dir);
  }

  public Path dir() {
    return dir;
  }

  public Path plan() {
    return dir.resolve(PLAN);
  }

  public Path metrics() {
    return dir.resolve(METRICS);
  }

  public Path tensorboard() {
    return dir.resolve(TENSORBOARD);
  }

  public Path curves() {
    return dir.resolve(CURVES);
  }

  public Path confusion() {
    return dir.resolve(CONFUSION);
  }

  /** The learning-rate range test's curves, when a range test chose the rates. */
  public Path learningRates() {
    return dir.resolve(LEARNING_RATES);
  }

  public Path checkpoints() {
    return dir.resolve(CHECKPOINTS);
  }

  /** The latest checkpoint, which {@code --resume} continues from. */
  public Path lastCheckpoint() {
    return checkpoints().resolve(Checkpointing.LAST);
  }

  /** The best epoch's checkpoint. */
  public Path bestCheckpoint() {
    return checkpoints().resolve(Checkpointing.BEST);
  }

  /**
   * The listeners that fill the folder: metrics.csv, TensorBoard events, curves.png and the
   * checkpoints ({@code best/} following {@code bestMetric}, or {@code val_loss} / {@code loss}
   * when null).
   *
   * @param logEvery also a metrics row and TensorBoard point every this many steps; 0 for
   *     epochs only
   * @param checkpointEvery also {@code last/} every this many steps; 0 for epoch ends only
   */
  public List<TrainingListener> listeners(int logEvery, int checkpointEvery, String bestMetric) {
    Checkpointing checkpoints = Checkpointing.into(checkpoints()).everySteps(checkpointEvery);
    if (bestMetric != null) {
      checkpoints = checkpoints.best(bestMetric);
    }
    List<TrainingListener> all = new ArrayList<>();
    // metrics before checkpoints: a checkpoint at step N then follows N's row, which a resumed
    // run keeps (it drops the rows after its checkpoint's step)
    all.add(MetricsCsv.to(metrics()).everySteps(logEvery));
    all.add(TensorBoardEvents.in(tensorboard()).everySteps(logEvery));
    all.add(TrainingPlots.curves(curves()));
    all.add(checkpoints);
    return all;
  }

  @Override
  public String toString() {
    return dir.toString();
  }
}
