package dev.tftune.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Splits are pure Java: drawn from a seed, checked without a model. */
class SplitTest {

  @Test
  void aRandomSplitHoldsOutTheRoundedShareAndUsesEveryExampleOnce() {
    Split s = Split.random(25, 0.1, 42);
    assertEquals(3, s.heldOut().length, "round(25 * 0.1) = 3");
    assertEquals(22, s.training().length);
    assertArrayEquals(IntStream.range(0, 25).toArray(), sortedUnion(s));
  }

  @Test
  void theSameSeedDrawsTheSameSplitAndAnotherSeedAnother() {
    assertArrayEquals(Split.random(100, 0.2, 7).heldOut(), Split.random(100, 0.2, 7).heldOut());
    assertFalse(Arrays.equals(Split.random(100, 0.2, 7).heldOut(),
        Split.random(100, 0.2, 8).heldOut()));
  }

  @Test
  void aRandomSplitKeepsAtLeastOneExampleToTrainOn() {
    Split s = Split.random(2, 0.9, 1);
    assertEquals(1, s.training().length);
    assertEquals(1, s.heldOut().length);
  }

  @Test
  void noHeldOutShareHoldsOutNothing() {
    assertEquals(0, Split.random(10, 0, 3).heldOut().length);
  }

  @Test
  void aStratifiedSplitHoldsOutTheSameShareOfEveryClass() {
    int[] labels = new int[110];
    Arrays.fill(labels, 100, 110, 1); // 100 of class 0, 10 of class 1
    Split s = Split.stratified(labels, 2, 0.2, 7);
    assertEquals(20, Arrays.stream(s.heldOut()).filter(i -> labels[i] == 0).count());
    assertEquals(2, Arrays.stream(s.heldOut()).filter(i -> labels[i] == 1).count());
    assertArrayEquals(IntStream.range(0, 110).toArray(), sortedUnion(s));
  }

  @Test
  void aStratifiedSplitMixesTheClassesOfItsTrainingPart() {
    int[] labels = new int[40];
    Arrays.fill(labels, 20, 40, 1);
    int[] training = Split.stratified(labels, 2, 0.25, 3).training();
    long firstHalfOfClass1 = Arrays.stream(training, 0, training.length / 2)
        .filter(i -> labels[i] == 1).count();
    assertFalse(firstHalfOfClass1 == 0 || firstHalfOfClass1 == training.length / 2,
        "classes interleave, not one block after the other");
  }

  @Test
  void aShareOutsideZeroToOneIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> Split.random(10, 1.0, 1));
    assertThrows(IllegalArgumentException.class, () -> Split.stratified(new int[3], 1, -0.1, 1));
  }

  private static int[] sortedUnion(Split s) {
    return IntStream.concat(Arrays.stream(s.training()), Arrays.stream(s.heldOut())).sorted()
        .toArray();
  }
}
