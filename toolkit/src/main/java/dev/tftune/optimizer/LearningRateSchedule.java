package dev.tftune.optimizer;

import dev.tftune.ConfigurationException;

/**
 * The learning rate of each step, from the optimizer's base rate. The rate is fed to the graph
 * on every step, so a schedule changes nothing in the graph.
 */
@FunctionalInterface
public interface LearningRateSchedule {

  /**
   * @param baseRate the optimizer's learning rate
   * @param step the 1-based step about to run
   * @param totalSteps the steps of the whole run
   */
  float rate(float baseRate, long step, long totalSteps);

  /** The base rate on every step. */
  static LearningRateSchedule constant() {
    return new LearningRateSchedule() {
      @Override
      public float rate(float baseRate, long step, long totalSteps) {
        return baseRate;
      }

      @Override
      public String toString() {
        return "constant";
      }
    };
  }

  /**
   * Linear warm-up from 0 to the base rate over the first {@code warmupFraction} of the steps,
   * then linear decay towards 0 (the last step still gets {@code base / decaySteps}): the
   * schedule BERT was fine-tuned with (warm-up 0.1 in Google's and Hugging Face's examples).
   *
   * @param warmupFraction in [0, 1)
   */
  static LearningRateSchedule linearWarmupDecay(double warmupFraction) {
    return linear(Warmup.fraction(warmupFraction));
  }

  /** Linear warm-up, then linear decay towards 0, as {@link #linearWarmupDecay}. */
  static LearningRateSchedule linear(Warmup warmup) {
    return new Warmed(warmup, "linear decay", (base, k, n) -> base * (double) (n - k + 1) / n);
  }

  /**
   * Linear warm-up, then half a cosine from the base rate towards 0 (Loshchilov and Hutter's
   * SGDR without restarts; Hugging Face's {@code cosine}).
   */
  static LearningRateSchedule cosine(Warmup warmup) {
    return new Warmed(warmup, "cosine decay",
        (base, k, n) -> base * 0.5 * (1 + Math.cos(Math.PI * (k - 1) / n)));
  }

  /**
   * Linear warm-up, then the base rate times {@code gamma} after every {@code every} steps past
   * the warm-up (Keras' and PyTorch's step decay).
   */
  static LearningRateSchedule step(long every, double gamma, Warmup warmup) {
    if (every < 1 || !(gamma > 0)) {
      throw new ConfigurationException("a step schedule every " + every + " steps by " + gamma,
          "pass a step count of 1 or more and a positive gamma such as 0.1");
    }
    return new Warmed(warmup, "x" + gamma + " every " + every + " steps",
        (base, k, n) -> base * Math.pow(gamma, (k - 1) / every));
  }

  /** Warm-up, then a decay shape over the steps after it. */
  final class Warmed implements LearningRateSchedule {
    /** The rate at step {@code k} (from 1) of the {@code n} steps after the warm-up. */
    interface Shape {
      double at(double base, long k, long n);
    }

    private final Warmup warmup;
    private final String name;
    private final Shape shape;

    private Warmed(Warmup warmup, String name, Shape shape) {
      this.warmup = warmup;
      this.name = name;
      this.shape = shape;
    }

    @Override
    public float rate(float baseRate, long step, long totalSteps) {
      long w = warmup.stepsOf(totalSteps);
      if (step <= w) {
        return baseRate * step / (w + 1);
      }
      // past the end (a resumed run given fewer epochs) the decay stays at its last value
      long n = Math.max(1, totalSteps - w);
      return (float) Math.max(0, shape.at(baseRate, Math.min(step - w, n), n));
    }

    @Override
    public String toString() {
      return "warm-up " + warmup + " then " + name;
    }
  }
}
