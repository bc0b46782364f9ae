package dev.tftune.models.text;

import java.util.Arrays;

/**
 * One BERT input, unpadded: token ids starting with {@code [CLS]}, the attention mask (1 for every
 * token here; padding adds the 0s) and the segment ids (0 for the first text, 1 for the second).
 * The three arrays have the same length. They are not copied: treat them as read-only.
 *
 * @param inputIds vocabulary ids, {@code [CLS] A [SEP]} or {@code [CLS] A [SEP] B [SEP]}
 * @param inputMask 1 per token
 * @param segmentIds 0 up to and including the first {@code [SEP]}, 1 after it
 */
public record BertEncoding(int[] inputIds, int[] inputMask, int[] segmentIds) {
  public BertEncoding {
    if (inputIds.length != inputMask.length || inputIds.length != segmentIds.length) {
      throw new IllegalArgumentException("inputIds, inputMask and segmentIds differ in length: "
          + inputIds.length + ", " + inputMask.length + ", " + segmentIds.length);
    }
  }

  /** The number of tokens, special tokens included. */
  public int length() {
    return inputIds.length;
  }

  // Records compare arrays by identity; an encoding is a value, so compare contents.
  @Override
  public boolean equals(Object o) {
    return o instanceof BertEncoding e
        && Arrays.equals(inputIds, e.inputIds)
        && Arrays.equals(inputMask, e.inputMask)
        && Arrays.equals(segmentIds, e.segmentIds);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Arrays.hashCode(inputIds) + Arrays.hashCode(inputMask))
        + Arrays.hashCode(segmentIds);
  }

  @Override
  public String toString() {
    return "BertEncoding[inputIds=" + Arrays.toString(inputIds) + ", inputMask="
        + Arrays.toString(inputMask) + ", segmentIds=" + Arrays.toString(segmentIds) + "]";
  }
}
