package dev.tftune.optimizer;

import dev.tftune.ConfigurationException;

/**
 * The warm-up of a schedule: the first steps, during which the rate climbs linearly from near 0
 * to the base rate, given as a share of the run's steps or as a step count.
 */
public final class Warmup {
  private final double fraction;
  private final long steps;

  private Warmup(double fraction, long steps) {
    this.fraction = fraction;
    this.steps = steps;
  }

  /** No warm-up. */
  public static Warmup none() {
    return new Warmup(0, 0);
  }

  /** A share of the run's steps, in [0, 1), such as 0.1. */
  public static Warmup fraction(double fraction) {
    if (!(fraction >= 0 && fraction < 1)) {
      throw new ConfigurationException("a warm-up fraction of " + fraction
          + " is outside [0, 1)", "pass a share of the steps such as 0.1, or a step count");
    }
    return new Warmup(fraction, -1);
  }

  /** A number of steps. */
  public static Warmup steps(long steps) {
    if (steps < 0) {
      throw new ConfigurationException("a warm-up of " + steps + " steps",
          "pass 0 or more steps, or a share of the steps such as 0.1");
    }
    return new Warmup(0, steps);
  }

  /**
   * {@code 0.1} (below 1: a share of the steps) or {@code 500} (a whole number: steps).
   *
   * @throws ConfigurationException for anything else
   */
  public static Warmup parse(String text) {
    try {
      double v = Double.parseDouble(text.trim());
      if (v >= 1 && v == Math.rint(v)) {
        return steps((long) v);
      }
      return fraction(v);
    } catch (NumberFormatException e) {
      throw new ConfigurationException("a warm-up of '" + text + "'",
          "pass a share of the steps such as 0.1, or a whole number of steps such as 500");
    }
  }

  /** The warm-up's steps in a run of {@code totalSteps}. */
  public long stepsOf(long totalSteps) {
    return steps >= 0 ? Math.min(steps, totalSteps) : (long) Math.floor(fraction * totalSteps);
  }

  @Override
  public String toString() {
    return steps >= 0 ? steps + " steps" : Double.toString(fraction);
  }
}
