package dev.tftune.train;

import dev.tftune.TftuneException;
import dev.tftune.data.Dataset;
import dev.tftune.savedmodel.VariableCheckpoints;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Continues a run from a checkpoint folder: checks that it was written by this configuration,
 * restores the variables, the augmentation draws and the position, and keeps again the
 * frozen-layer output the uninterrupted run had kept by then, so every later step sees the
 * values it would have seen.
 */
final class Resumption {
  private static final Logger LOG = LoggerFactory.getLogger(Resumption.class);

  private final Path from;
  private final long seed;
  private final int batchSize;

  Resumption(Path from, long seed, int batchSize) {
    this.from = from;
    this.seed = seed;
    this.batchSize = batchSize;
  }

  /**
   * @param names the variables a checkpoint of this run holds, in order
   * @param validationInData the validation indices when they index the training data (whose
   *     frozen-layer output is kept too), else empty
   * @throws TftuneException when the checkpoint is missing or belongs to another run
   */
  void apply(TrainingState state, VariableCheckpoints variables, List<String> names,
      Dataset data, StepRunner steps, EpochPlan order, int[] validationInData) {
    RunCheckpoint.State saved = RunCheckpoint.read(from);
    String fix = "resume with the configuration and data the run started with (its plan.json)";
    if (saved.seed() != seed || !saved.variables().equals(names)) {
      throw new TftuneException("the checkpoint " + from + " was written by another "
          + "configuration (seed " + saved.seed() + ", " + saved.variables().size()
          + " variables; this run: seed " + seed + ", " + names.size() + ")", fix);
    }
    if (saved.epoch() > 0 && saved.batchesDone() > state.batchesPerEpoch()) {
      throw new TftuneException("the checkpoint " + from + " is at batch "
          + saved.batchesDone() + " of an epoch of " + state.batchesPerEpoch(), fix);
    }
    try {
      variables.restore(RunCheckpoint.variablesPrefix(from));
    } catch (org.tensorflow.exceptions.TensorFlowException e) {
      throw new TftuneException("cannot restore the checkpoint " + from + ": "
          + TftuneException.firstLine(e.getMessage()), "resume from an intact checkpoint "
          + "(checkpoints/last, or copy checkpoints/best over it), or start a new run", e);
    }
    data.restoreDrawState(saved.draws());
    state.restore(saved);
    steps.keepActivations(data, keptByNow(state, order, validationInData));
    LOG.info("resumed from {}: epoch {}, {} of its {} batches done, step {}", from,
        saved.epoch(), saved.batchesDone(), state.batchesPerEpoch(), saved.step());
  }

  /**
   * The batches through which the uninterrupted run had kept frozen-layer output at the
   * resumed position, as it had batched them (batch composition can change a convolution's
   * rounding): the batches done in epoch 1, or, after it, all of epoch 1's and the validation
   * batches.
   */
  private List<int[]> keptByNow(TrainingState state, EpochPlan order, int[] validation) {
    List<int[]> first = order.batches(1);
    if (state.history().isEmpty()) {
      return first.subList(0, state.batch());
    }
    List<int[]> all = new ArrayList<>(first);
    all.addAll(StepRunner.evaluationBatches(validation, batchSize));
    return all;
  }
}
