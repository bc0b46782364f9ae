package dev.tftune.optimizer;

import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/** Factories of the optimizers tftune implements, with Keras' defaults. */
public final class Optimizers {
  /** Variables whose names match these are left out of AdamW's decay by default. */
  public static final List<String> NO_DECAY_DEFAULT = List.of("(?i)bias", "(?i)layer_?norm",
      "(?i)batch_?norm", "(?i)/beta$", "(?i)/gamma$");

  private Optimizers() {}

  /** Gradient descent, {@code w -= lr * g}. */
  public static Optimizer sgd(float learningRate) {
    return new Sgd(learningRate);
  }

  /** Momentum 0.9 without Nesterov. */
  public static Optimizer momentum(float learningRate) {
    return momentum(learningRate, 0.9f, false);
  }

  public static Optimizer momentum(float learningRate, float momentum, boolean nesterov) {
    return new Momentum(learningRate, momentum, nesterov);
  }

  /** Adam with beta1 0.9, beta2 0.999, epsilon 1e-7 (Keras' defaults). */
  public static Optimizer adam(float learningRate) {
    return adam(learningRate, 0.9f, 0.999f, 1e-7f);
  }

  public static Optimizer adam(float learningRate, float beta1, float beta2, float epsilon) {
    return new Adam(learningRate, beta1, beta2, epsilon, 0, name -> false);
  }

  /**
   * AdamW with weight decay 0.01, the Adam defaults above, and no decay on biases and
   * normalization parameters ({@link #NO_DECAY_DEFAULT}).
   */
  public static Optimizer adamW(float learningRate) {
    return adamW(learningRate, 0.01f, NO_DECAY_DEFAULT);
  }

  /**
   * AdamW.
   *
   * @param noDecay regular expressions; a variable whose name any of them finds is not decayed
   */
  public static Optimizer adamW(float learningRate, float weightDecay, List<String> noDecay) {
    List<Pattern> patterns = noDecay.stream().map(Pattern::compile).toList();
    Predicate<String> decays = name -> patterns.stream().noneMatch(p -> p.matcher(name).find());
    return new Adam(learningRate, 0.9f, 0.999f, 1e-7f, weightDecay, decays);
  }
}
