package dev.tftune.optimizer;

import dev.tftune.TftuneException;

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
    if (warmupFraction < 0 || warmupFraction >= 1) {
      throw new TftuneException("a warm-up fraction of " + warmupFraction + " is outside [0, 1)",
          "pass a share of the steps such as 0.1");
    }
    return new LearningRateSchedule() {
      @Override
      public float rate(float baseRate, long step, long totalSteps) {
        long warmup = (long) Math.floor(warmupFraction * totalSteps);
        if (step <= warmup) {
          return baseRate * step / (warmup + 1);
        }
        double left = (double) (totalSteps - step + 1) / (totalSteps - warmup);
        return (float) (baseRate * Math.max(0, left));
      }

      @Override
      public String toString() {
        return "linear warm-up " + warmupFraction + " then linear decay";
      }
    };
  }
}
