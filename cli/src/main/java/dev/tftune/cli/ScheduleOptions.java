package dev.tftune.cli;

import dev.tftune.TftuneException;
import dev.tftune.optimizer.LearningRateSchedule;
import dev.tftune.optimizer.Warmup;
import dev.tftune.train.FineTuner;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/** The options of {@code train} about learning rates over time and across variables. */
final class ScheduleOptions {
  @Option(names = "--schedule", paramLabel = "constant|linear|cosine|step",
      description = "learning rate over the steps: constant; linear warm-up then linear or "
          + "cosine decay to 0; or step (x --gamma every --step-every steps); default linear "
          + "when base variables train, else cosine")
  String schedule;

  @Option(names = "--warmup", defaultValue = "0.1", paramLabel = "FRACTION|STEPS",
      description = "warm-up of linear, cosine and step schedules: a share of the steps (0.1) "
          + "or a step count (500); default ${DEFAULT-VALUE}")
  String warmup;

  @Option(names = "--step-every", defaultValue = "1000", paramLabel = "N",
      description = "--schedule step: steps between rate cuts; default ${DEFAULT-VALUE}")
  long stepEvery;

  @Option(names = "--gamma", defaultValue = "0.1",
      description = "--schedule step: factor of each cut; default ${DEFAULT-VALUE}")
  double gamma;

  @Option(names = "--lr-multiplier", paramLabel = "REGEX=X",
      description = "variables whose name REGEX finds train at X times the rate (repeatable; "
          + "the first match decides), e.g. layer_11=1 layer_10=0.9 for layer-wise decay")
  List<String> multipliers = List.of();

  @Option(names = "--unfreeze-schedule", paramLabel = "N,N,...", split = ",",
      description = "gradual unfreezing: the top N1 blocks or layers train in epoch 1, N2 in "
          + "epoch 2, ..., the last from then on (instead of --unfreeze-top)")
  int[] unfreezeSchedule = new int[0];

  boolean unfreezesGradually() {
    return unfreezeSchedule.length > 0;
  }

  /** The schedule named by --schedule, or the default for a run with or without base training. */
  LearningRateSchedule schedule(boolean baseTrains) {
    String name = schedule != null ? schedule : baseTrains ? "linear" : "cosine";
    Warmup w = Warmup.parse(warmup);
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "constant" -> LearningRateSchedule.constant();
      case "linear" -> LearningRateSchedule.linear(w);
      case "cosine" -> LearningRateSchedule.cosine(w);
      case "step" -> LearningRateSchedule.step(stepEvery, gamma, w);
      default -> throw new TftuneException("unknown schedule '" + name + "'",
          "pass --schedule constant, linear, cosine or step");
    };
  }

  /** Adds the --lr-multiplier groups to a tuner. */
  void multiply(FineTuner.Builder tuner) {
    for (String m : multipliers) {
      int eq = m.lastIndexOf('=');
      float factor;
      try {
        factor = eq > 0 ? Float.parseFloat(m.substring(eq + 1)) : Float.NaN;
      } catch (NumberFormatException e) {
        factor = Float.NaN;
      }
      if (Float.isNaN(factor)) {
        throw new TftuneException("--lr-multiplier '" + m + "' is not REGEX=X",
            "write it as a pattern, '=' and a factor, e.g. --lr-multiplier layer_10=0.9");
      }
      tuner.learningRateMultiplier(m.substring(0, eq), factor);
    }
  }
}
