package dev.tftune.train;

/**
 * Hooks into a fine-tuning run, in the spirit of Keras callbacks and DJL's training listeners:
 * the loop calls them at the beginning and end of the run, of each epoch and after each step,
 * with a read-only view of where training stands. Checkpoints, early stopping, progress bars,
 * metric files and plots are listeners, not branches of the loop.
 *
 * <p>A listener stops the run through {@link TrainingState#stopTraining()}, never by throwing:
 * the loop ends after the current step, finishes the epoch's validation and calls
 * {@link #onEpochEnd} and {@link #onTrainingEnd} as usual. Every method does nothing by default.
 */
public interface TrainingListener {

  /** Before the first step, once the graph is built (and frozen features are cached). */
  default void onTrainingBegin(TrainingState state) {}

  /** Before the first step of an epoch. */
  default void onEpochBegin(TrainingState state) {}

  /** After each training step; the state holds the step's own loss and the epoch's so far. */
  default void onStepEnd(TrainingState state) {}

  /** After an epoch's last step and its validation, with the epoch's metrics. */
  default void onEpochEnd(TrainingState state, EpochMetrics metrics) {}

  /** After the last epoch (or the step that asked to stop). */
  default void onTrainingEnd(TrainingState state, TrainingHistory history) {}

  /**
   * When the run fails (bad data, a full disk, a listener's own error), before the exception
   * reaches the caller: the place to close what {@link #onTrainingBegin} opened.
   */
  default void onTrainingFailed(TrainingState state, RuntimeException failure) {}
}
