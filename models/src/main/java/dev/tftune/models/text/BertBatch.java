package dev.tftune.models.text;

import java.util.List;

/**
 * A batch of BERT inputs padded to one length, each array row-major {@code [rows][length]} and
 * flat, as TensorFlow's {@code input_ids}, {@code input_mask} and {@code segment_ids} tensors of
 * shape {@code [rows, length]} take them. Padding is 0 in all three, as in the reference's
 * {@code run_classifier.py} (0 is also {@code [PAD]}'s id in Google's vocabularies). The arrays
 * are not copied: treat them as read-only.
 *
 * @param rows the number of inputs
 * @param length the padded length of every row
 * @param inputIds token ids, then 0s
 * @param inputMask 1 per token, then 0s
 * @param segmentIds segment ids, then 0s
 */
public record BertBatch(int rows, int length, int[] inputIds, int[] inputMask, int[] segmentIds) {
  public BertBatch {
    int size = Math.multiplyExact(rows, length);
    if (inputIds.length != size || inputMask.length != size || segmentIds.length != size) {
      throw new IllegalArgumentException("a batch of " + rows + " rows of " + length
          + " needs arrays of " + size + " values");
    }
  }

  /**
   * Pads encodings into a batch.
   *
   * @param encodings the inputs, one row each; may be empty
   * @param length the row length; every encoding must fit
   * @throws IllegalArgumentException when an encoding is longer than {@code length}
   */
  public static BertBatch pad(List<BertEncoding> encodings, int length) {
    if (length < 0) {
      throw new IllegalArgumentException("length must not be negative, not " + length);
    }
    int rows = encodings.size();
    int size = Math.multiplyExact(rows, length);
    int[] ids = new int[size];
    int[] mask = new int[size];
    int[] segments = new int[size];
    for (int r = 0; r < rows; r++) {
      BertEncoding e = encodings.get(r);
      if (e.length() > length) {
        throw new IllegalArgumentException("encoding " + r + " has " + e.length()
            + " tokens, more than the batch length " + length
            + "; encode with a BertInputEncoder whose maxLength is at most " + length);
      }
      System.arraycopy(e.inputIds(), 0, ids, r * length, e.length());
      System.arraycopy(e.inputMask(), 0, mask, r * length, e.length());
      System.arraycopy(e.segmentIds(), 0, segments, r * length, e.length());
    }
    return new BertBatch(rows, length, ids, mask, segments);
  }
}
