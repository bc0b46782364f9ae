package dev.tftune.optimizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tftune.ConfigurationException;
import org.junit.jupiter.api.Test;

/** Cosine and step schedules and warm-ups, against values worked out by hand. */
class ScheduleShapesTest {
  @Test
  void cosineWarmsUpThenFollowsHalfACosine() {
    // 10 steps, warm-up 2: steps 1..2 climb base*s/3; decay steps k=1..8 at 0.5(1+cos(pi(k-1)/8))
    LearningRateSchedule s = LearningRateSchedule.cosine(Warmup.steps(2));
    assertEquals(1f / 3, s.rate(1f, 1, 10), 1e-6);
    assertEquals(2f / 3, s.rate(1f, 2, 10), 1e-6);
    assertEquals(1f, s.rate(1f, 3, 10), 1e-6);
    assertEquals(0.5 * (1 + Math.cos(Math.PI / 2)), s.rate(1f, 7, 10), 1e-6);
    assertEquals(0.5 * (1 + Math.cos(Math.PI * 7 / 8)), s.rate(1f, 10, 10), 1e-6);
  }

  @Test
  void stepDecayCutsByGammaEveryNStepsAfterTheWarmup() {
    LearningRateSchedule s = LearningRateSchedule.step(3, 0.5, Warmup.none());
    float[] expected = {2, 2, 2, 1, 1, 1, 0.5f};
    for (int step = 1; step <= expected.length; step++) {
      assertEquals(expected[step - 1], s.rate(2f, step, 100), 1e-6, "step " + step);
    }
    LearningRateSchedule warmed = LearningRateSchedule.step(3, 0.5, Warmup.fraction(0.1));
    // warm-up 10 of 100 steps: step 5 climbs to 2*5/11, steps 11..13 hold 2, 14..16 hold 1
    assertEquals(2f * 5 / 11, warmed.rate(2f, 5, 100), 1e-6);
    assertEquals(2f, warmed.rate(2f, 13, 100), 1e-6);
    assertEquals(1f, warmed.rate(2f, 14, 100), 1e-6);
  }

  @Test
  void aWarmupIsAShareBelowOneAndAStepCountFromOne() {
    assertEquals(10, Warmup.parse("0.1").stepsOf(100));
    assertEquals(500, Warmup.parse("500").stepsOf(10_000));
    assertEquals(40, Warmup.parse("500").stepsOf(40), "never longer than the run");
    assertThrows(ConfigurationException.class, () -> Warmup.parse("1.5"));
    assertThrows(ConfigurationException.class, () -> Warmup.parse("ten"));
  }
}
