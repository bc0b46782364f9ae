package dev.tftune.models.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** BERT inputs as the reference's run_classifier.py builds them: special tokens, truncation. */
class BertInputEncoderTest {
  // ids: [PAD]=0 [UNK]=1 [CLS]=2 [SEP]=3 a=4 b=5 c=6 d=7 e=8
  private static final WordPieceTokenizer TOKENIZER = WordPieceTokenizer.of(
      List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "a", "b", "c", "d", "e"), true);
  private static final int CLS = 2;
  private static final int SEP = 3;

  private static BertInputEncoder encoder(int maxLength) {
    return new BertInputEncoder(TOKENIZER, maxLength);
  }

  @Test
  void singleTextIsWrappedInClsAndSep() {
    BertEncoding e = encoder(16).encode("a b x");

    assertArrayEquals(new int[] {CLS, 4, 5, 1, SEP}, e.inputIds());
    assertArrayEquals(new int[] {0, 0, 0, 0, 0}, e.segmentIds());
    assertEquals(5, e.length());
  }

  @Test
  void maskHasAOneForEveryToken() {
    assertArrayEquals(new int[] {1, 1, 1, 1, 1, 1}, encoder(16).encode("a", "b c").inputMask());
  }

  @Test
  void emptyTextGivesClsSep() {
    BertEncoding e = encoder(16).encode("");

    assertArrayEquals(new int[] {CLS, SEP}, e.inputIds());
    assertArrayEquals(new int[] {1, 1}, e.inputMask());
  }

  @Test
  void singleTextKeepsItsFirstMaxLengthMinusTwoTokens() {
    assertArrayEquals(new int[] {CLS, 4, 5, SEP}, encoder(4).encode("a b c d").inputIds());
  }

  @Test
  void secondTextAndItsSepAreSegmentOne() {
    BertEncoding e = encoder(16).encode("a b", "c");

    assertArrayEquals(new int[] {CLS, 4, 5, SEP, 6, SEP}, e.inputIds());
    assertArrayEquals(new int[] {0, 0, 0, 0, 1, 1}, e.segmentIds());
  }

  @Test
  void emptyPairGivesClsSepSep() {
    BertEncoding e = encoder(3).encode("", "");

    assertArrayEquals(new int[] {CLS, SEP, SEP}, e.inputIds());
    assertArrayEquals(new int[] {0, 0, 1}, e.segmentIds());
  }

  @Test
  void pairTruncationDropsTheEndOfTheLongerText() {
    // 5 + 2 tokens, room for 8 - 3 = 5: the first text loses its last two.
    BertEncoding e = encoder(8).encode("a b c d e", "d e");

    assertArrayEquals(new int[] {CLS, 4, 5, 6, SEP, 7, 8, SEP}, e.inputIds());
  }

  @Test
  void pairTruncationDropsFromTheSecondTextWhenBothAreEquallyLong() {
    BertEncoding e = encoder(8).encode("a b c", "c d e");

    assertArrayEquals(new int[] {CLS, 4, 5, 6, SEP, 6, 7, SEP}, e.inputIds());
  }

  @Test
  void pairTruncationAlternatesOnceBothAreEquallyLong() {
    // 5 + 5 tokens, room for 4: each text keeps its first two.
    BertEncoding e = encoder(7).encode("a b c d e", "e d c b a");

    assertArrayEquals(new int[] {CLS, 4, 5, SEP, 8, 7, SEP}, e.inputIds());
    assertArrayEquals(new int[] {0, 0, 0, 0, 1, 1, 1}, e.segmentIds());
  }

  @Test
  void pairThatFitsIsNotTruncated() {
    assertEquals(9, encoder(9).encode("a b c", "d e a").length());
  }

  @Test
  void maxLengthBelowTwoIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> encoder(1));
  }

  @Test
  void pairNeedsMaxLengthOfAtLeastThree() {
    BertInputEncoder two = encoder(2);

    assertArrayEquals(new int[] {CLS, SEP}, two.encode("a b").inputIds());
    assertThrows(IllegalStateException.class, () -> two.encode("a", "b"));
  }

  @Test
  void batchIsPaddedToMaxLength() {
    BertBatch batch = encoder(4).encodeBatch(List.of("a", "b c d e"));

    assertEquals(2, batch.rows());
    assertEquals(4, batch.length());
    assertArrayEquals(new int[] {CLS, 4, SEP, 0, CLS, 5, 6, SEP}, batch.inputIds());
    assertArrayEquals(new int[] {1, 1, 1, 0, 1, 1, 1, 1}, batch.inputMask());
  }
}
