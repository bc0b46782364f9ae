package dev.tftune.train;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * Where a run stands, as listeners see it: read-only, except for the request to stop. Step and
 * epoch numbers count from 1; figures of an epoch in progress cover the examples seen so far.
 */
public final class TrainingState {
  private final int epochs;
  private final int batchesPerEpoch;
  private final long totalSteps;
  private final boolean validation;
  private final List<EpochMetrics> history;
  private int epoch;
  private int batch;
  private long step;
  private int examplesInEpoch;
  private double lossSumInEpoch;
  private double correctInEpoch;
  private double stepLoss;
  private float learningRate;
  private long epochStartNanos;
  private boolean stop;
  private Consumer<Path> checkpointWriter;

  TrainingState(int epochs, int batchesPerEpoch, boolean validation,
      List<EpochMetrics> history) {
    this.epochs = epochs;
    this.validation = validation;
    this.batchesPerEpoch = batchesPerEpoch;
    this.totalSteps = (long) epochs * batchesPerEpoch;
    this.history = history;
  }

  /** The epochs the run was asked for. */
  public int epochs() {
    return epochs;
  }

  /** Whether each epoch ends with validation (validation metrics are NaN otherwise). */
  public boolean hasValidation() {
    return validation;
  }

  /** The current epoch, from 1; 0 before the first. */
  public int epoch() {
    return epoch;
  }

  /** Batches in every epoch. */
  public int batchesPerEpoch() {
    return batchesPerEpoch;
  }

  /** The current batch of the epoch, from 1; 0 before its first step. */
  public int batch() {
    return batch;
  }

  /** Steps taken so far in the whole run. */
  public long step() {
    return step;
  }

  /** Steps the whole run takes when nothing stops it. */
  public long totalSteps() {
    return totalSteps;
  }

  /** The loss of the last step's batch. */
  public double stepLoss() {
    return stepLoss;
  }

  /** The learning rate of the last step (the schedule's value). */
  public float learningRate() {
    return learningRate;
  }

  /** Training examples seen so far in this epoch. */
  public int examplesInEpoch() {
    return examplesInEpoch;
  }

  /** Mean training loss over this epoch's examples so far (NaN before its first step). */
  public double epochLoss() {
    return examplesInEpoch == 0 ? Double.NaN : lossSumInEpoch / examplesInEpoch;
  }

  /** Training accuracy over this epoch's examples so far (NaN before its first step). */
  public double epochAccuracy() {
    return examplesInEpoch == 0 ? Double.NaN : correctInEpoch / examplesInEpoch;
  }

  /** Seconds since this epoch began. */
  public double epochSeconds() {
    return (System.nanoTime() - epochStartNanos) / 1e9;
  }

  /** The metrics of the epochs finished so far, in order (read-only). */
  public List<EpochMetrics> history() {
    return List.copyOf(history);
  }

  /** Asks the loop to stop after the current step; the epoch's end is still reported. */
  public void stopTraining() {
    stop = true;
  }

  /** Whether a listener asked to stop. */
  public boolean stopRequested() {
    return stop;
  }

  /**
   * Writes a checkpoint of the run as it stands into {@code directory} (replaced atomically):
   * what {@link FineTuner.Builder#resumeFrom} continues from. Call it from {@link
   * TrainingListener#onStepEnd} or {@link TrainingListener#onEpochEnd}; {@link Checkpointing}
   * does so on a schedule.
   *
   * @throws dev.tftune.TftuneException when the folder cannot be written
   */
  public void writeCheckpoint(Path directory) {
    checkpointWriter.accept(directory);
  }

  // the loop's updates

  void checkpointWith(Consumer<Path> writer) {
    this.checkpointWriter = writer;
  }

  /** Where the run stands, for a checkpoint. */
  RunCheckpoint.State saved(long seed, int[] draws, List<String> variables) {
    return new RunCheckpoint.State(RunCheckpoint.FORMAT, seed, epoch, batch, step,
        examplesInEpoch, lossSumInEpoch, correctInEpoch, List.copyOf(history),
        RunCheckpoint.State.bestOf(history), draws, variables);
  }

  /** Continues from a checkpoint's position: the next step is {@code saved.step() + 1}. */
  void restore(RunCheckpoint.State saved) {
    history.clear();
    history.addAll(saved.history());
    epoch = saved.epoch();
    batch = saved.batchesDone();
    step = saved.step();
    examplesInEpoch = saved.examplesInEpoch();
    lossSumInEpoch = saved.lossSumInEpoch();
    correctInEpoch = saved.correctInEpoch();
    epochStartNanos = System.nanoTime();
  }

  /** Whether the current epoch is finished (its metrics are in the history). */
  boolean epochFinished() {
    return !history.isEmpty() && history.get(history.size() - 1).epoch() == epoch;
  }

  /** Restarts the epoch clock (a resumed epoch counts from the resume). */
  void resumeEpoch() {
    epochStartNanos = System.nanoTime();
  }

  void beginEpoch(int number) {
    epoch = number;
    batch = 0;
    examplesInEpoch = 0;
    lossSumInEpoch = 0;
    correctInEpoch = 0;
    epochStartNanos = System.nanoTime();
  }

  void stepDone(StepResult result, float rate) {
    step++;
    batch++;
    stepLoss = result.loss();
    learningRate = rate;
    lossSumInEpoch += result.lossSum();
    correctInEpoch += result.correct();
    examplesInEpoch += result.examples();
  }

  /** A regression's finished (or stopped) epoch: its loss and the validation's figures. */
  EpochMetrics endRegressionEpoch(double validationLoss, double mae, double rmse, double r2) {
    EpochMetrics m = EpochMetrics.regression(epoch, lossSumInEpoch / examplesInEpoch,
        validationLoss, mae, rmse, r2, epochSeconds());
    history.add(m);
    return m;
  }

  /** The finished (or stopped) epoch's training figures with its validation's. */
  EpochMetrics endEpoch(double validationLoss, double validationAccuracy, double macroF1,
      double auc) {
    EpochMetrics m = new EpochMetrics(epoch, lossSumInEpoch / examplesInEpoch,
        correctInEpoch / examplesInEpoch, validationLoss, validationAccuracy, macroF1, auc,
        epochSeconds());
    history.add(m);
    return m;
  }
}
