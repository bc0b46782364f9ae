package dev.tftune.train;

import dev.tftune.data.Dataset;
import dev.tftune.head.DenseHead;
import dev.tftune.optimizer.Optimizers;
import dev.tftune.savedmodel.BaseModel;
import dev.tftune.savedmodel.SavedModels;
import dev.tftune.testing.TinyModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A training run for {@link KilledRunResumeTest} to start in a JVM of its own:
 * {@code ResumableRun MODEL RUN_DIR frozen|unfrozen new|resume SLOW_FROM_STEP}. From step
 * {@code SLOW_FROM_STEP} on (0: never) it writes {@code RUN_DIR/reached} and slows every step
 * down, so the test can kill it at an arbitrary moment of the steps that follow.
 */
public final class ResumableRun {
  static final int EXAMPLES = 200;
  static final int EPOCHS = 3;
  static final int BATCH = 16;
  static final int CHECKPOINT_EVERY = 3;

  private ResumableRun() {}

  public static void main(String[] args) throws IOException {
    Path model = Path.of(args[0]);
    Path run = Path.of(args[1]);
    boolean frozen = args[2].equals("frozen");
    boolean resume = args[3].equals("resume");
    int slowFrom = Integer.parseInt(args[4]);
    Dataset data = TinyModels.separable(EXAMPLES, 5);
    try (BaseModel base = SavedModels.load(model)) {
      FineTuner.Builder builder = FineTuner.builder().base(base)
          .features(frozen ? "features" : "probabilities")
          .head(DenseHead.builder().hiddenUnits(8).dropout(0.3f).build())
          .plan(frozen ? TrainingPlan.headOnly() : TrainingPlan.matching("^base/out/kernel$"))
          .optimizer(Optimizers.adam(0.01f)).epochs(EPOCHS).batchSize(BATCH).logging(false)
          .listener(Checkpointing.into(run.resolve("checkpoints")).everySteps(CHECKPOINT_EVERY))
          .listener(slowFrom > 0 ? new Slow(run.resolve("reached"), slowFrom)
              : new TrainingListener() {});
      if (resume) {
        builder.resumeFrom(run.resolve("checkpoints").resolve(Checkpointing.LAST));
      }
      builder.build().fit(data);
    }
  }

  private static final class Slow implements TrainingListener {
    private final Path marker;
    private final int from;

    Slow(Path marker, int from) {
      this.marker = marker;
      this.from = from;
    }

    @Override
    public void onStepEnd(TrainingState state) {
      if (state.step() < from) {
        return;
      }
      try {
        if (!Files.exists(marker)) {
          Files.writeString(marker, Long.toString(state.step()));
        }
        Thread.sleep(25);
      } catch (IOException | InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
