package dev.tftune.cli;

import dev.tftune.TftuneException;
import dev.tftune.optimizer.Optimizer;
import dev.tftune.optimizer.Optimizers;
import java.util.Locale;

/** The optimizers as {@code --optimizer} names them, with their default settings. */
final class OptimizerNames {
  private OptimizerNames() {}

  static Optimizer parse(String name, float learningRate) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "sgd" -> Optimizers.sgd(learningRate);
      case "momentum" -> Optimizers.momentum(learningRate);
      case "adam" -> Optimizers.adam(learningRate);
      case "adamw" -> Optimizers.adamW(learningRate);
      default -> throw new TftuneException("unknown optimizer '" + name + "'",
          "pass --optimizer adam, adamw, sgd or momentum");
    };
  }
}
