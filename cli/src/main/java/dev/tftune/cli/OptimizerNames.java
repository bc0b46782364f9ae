package dev.tftune.cli;

import dev.tftune.TftuneException;
import dev.tftune.optimizer.Optimizer;
import dev.tftune.optimizer.Optimizers;
import java.util.List;
import java.util.Locale;

/** The optimizers as {@code --optimizer} names them, with their default settings. */
final class OptimizerNames {
  private OptimizerNames() {}

  /**
   * @param weightDecay AdamW's decay, or null for its default
   * @param noDecay AdamW's exclusions, or empty for its default
   */
  static Optimizer parse(String name, float learningRate, Float weightDecay,
      List<String> noDecay) {
    String n = name.toLowerCase(Locale.ROOT);
    if (!n.equals("adamw") && (weightDecay != null || !noDecay.isEmpty())) {
      throw new TftuneException("--weight-decay and --no-decay apply to adamw, not " + name,
          "pass --optimizer adamw, or drop them");
    }
    return switch (n) {
      case "sgd" -> Optimizers.sgd(learningRate);
      case "momentum" -> Optimizers.momentum(learningRate);
      case "adam" -> Optimizers.adam(learningRate);
      case "adamw" -> Optimizers.adamW(learningRate, weightDecay != null ? weightDecay : 0.01f,
          noDecay.isEmpty() ? Optimizers.NO_DECAY_DEFAULT : noDecay);
      default -> throw new TftuneException("unknown optimizer '" + name + "'",
          "pass --optimizer adam, adamw, sgd or momentum");
    };
  }
}
