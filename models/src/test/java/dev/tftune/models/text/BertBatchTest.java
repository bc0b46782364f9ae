package dev.tftune.models.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Padding encodings into the row-major arrays of a batch. */
class BertBatchTest {
  private static final BertEncoding SHORT =
      new BertEncoding(new int[] {101, 7, 102}, new int[] {1, 1, 1}, new int[] {0, 0, 0});
  private static final BertEncoding PAIR = new BertEncoding(new int[] {101, 7, 102, 8, 102},
      new int[] {1, 1, 1, 1, 1}, new int[] {0, 0, 0, 1, 1});

  @Test
  void rowsArePaddedWithZerosOneAfterAnother() {
    BertBatch batch = BertBatch.pad(List.of(SHORT, PAIR), 6);

    assertEquals(2, batch.rows());
    assertEquals(6, batch.length());
    assertArrayEquals(new int[] {101, 7, 102, 0, 0, 0, 101, 7, 102, 8, 102, 0},
        batch.inputIds());
    assertArrayEquals(new int[] {1, 1, 1, 0, 0, 0, 1, 1, 1, 1, 1, 0}, batch.inputMask());
    assertArrayEquals(new int[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0}, batch.segmentIds());
  }

  @Test
  void encodingOfExactlyTheLengthIsNotPadded() {
    assertArrayEquals(PAIR.inputIds(), BertBatch.pad(List.of(PAIR), 5).inputIds());
  }

  @Test
  void encodingLongerThanTheLengthIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> BertBatch.pad(List.of(SHORT, PAIR), 4));
  }

  @Test
  void emptyBatchHasNoRows() {
    BertBatch batch = BertBatch.pad(List.of(), 8);

    assertEquals(0, batch.rows());
    assertEquals(0, batch.inputIds().length);
  }

  @Test
  void encodingsWithEqualContentsAreEqual() {
    BertEncoding copy =
        new BertEncoding(new int[] {101, 7, 102}, new int[] {1, 1, 1}, new int[] {0, 0, 0});

    assertEquals(SHORT, copy);
    assertEquals(SHORT.hashCode(), copy.hashCode());
  }

  @Test
  void encodingArraysOfDifferentLengthsAreRejected() {
    assertThrows(IllegalArgumentException.class,
        () -> new BertEncoding(new int[] {101, 102}, new int[] {1}, new int[] {0, 0}));
  }
}
