package dev.tftune.optimizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {

  @Test
  void constantKeepsTheBaseRate() {
    LearningRateSchedule s = LearningRateSchedule.constant();
    assertEquals(0.1f, s.rate(0.1f, 1, 100));
    assertEquals(0.1f, s.rate(0.1f, 100, 100));
  }

  @Test
  void warmupRisesLinearlyToTheBaseRate() {
    LearningRateSchedule s = LearningRateSchedule.linearWarmupDecay(0.1);
    // 100 steps, 10 of warm-up: rate = base * step / 11 while warming up
    assertEquals(1f / 11, s.rate(1f, 1, 100), 1e-6);
    assertEquals(5f / 11, s.rate(1f, 5, 100), 1e-6);
    assertEquals(1f, s.rate(1f, 11, 100), 1e-6);
  }

  @Test
  void decayFallsLinearlyAndStaysPositiveOnTheLastStep() {
    LearningRateSchedule s = LearningRateSchedule.linearWarmupDecay(0.1);
    assertEquals(0.5f, s.rate(1f, 56, 100), 1e-6);
    float last = s.rate(1f, 100, 100);
    assertEquals(1f / 90, last, 1e-6);
    assertTrue(last > 0);
  }

  @Test
  void noWarmupStartsAtTheBaseRate() {
    assertEquals(2f, LearningRateSchedule.linearWarmupDecay(0).rate(2f, 1, 10), 1e-6);
  }

  @Test
  void warmupFractionMustBeBelowOne() {
    assertThrows(dev.tftune.TftuneException.class,
        () -> LearningRateSchedule.linearWarmupDecay(1.0));
  }
}
