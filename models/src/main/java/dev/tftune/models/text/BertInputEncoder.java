package dev.tftune.models.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Turns text into BERT inputs the way the reference's {@code run_classifier.py} does:
 * {@code [CLS] A [SEP]} for one text, {@code [CLS] A [SEP] B [SEP]} for a pair, truncated to a
 * maximum number of tokens. Immutable and thread-safe.
 */
public final class BertInputEncoder {
  private final WordPieceTokenizer tokenizer;
  private final int maxLength;

  /**
   * @param tokenizer the model's tokenizer
   * @param maxLength the most tokens of one input, special tokens included (the model's sequence
   *     length, often 128); at least 2, and at least 3 to encode pairs
   */
  public BertInputEncoder(WordPieceTokenizer tokenizer, int maxLength) {
    this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
    if (maxLength < 2) {
      throw new IllegalArgumentException(
          "maxLength must be at least 2 ([CLS] and [SEP]), not " + maxLength);
    }
    this.maxLength = maxLength;
  }

  /** The tokenizer. */
  public WordPieceTokenizer tokenizer() {
    return tokenizer;
  }

  /** The most tokens of one input, special tokens included. */
  public int maxLength() {
    return maxLength;
  }

  /**
   * {@code [CLS] A [SEP]}, all in segment 0. The tokens of {@code text} past
   * {@code maxLength - 2} are dropped; empty text gives {@code [CLS] [SEP]}.
   */
  public BertEncoding encode(String text) {
    List<String> a = tokenizer.tokenize(text);
    return assemble(a.subList(0, Math.min(a.size(), maxLength - 2)), null);
  }

  /**
   * {@code [CLS] A [SEP] B [SEP]}: segment 0 up to and including the first {@code [SEP]},
   * segment 1 after it. When the tokens of both texts exceed {@code maxLength - 3}, tokens are
   * dropped from the end of the longer one, one at a time (from {@code b} when they are equally
   * long), as the reference's {@code _truncate_seq_pair} does.
   *
   * @throws IllegalStateException when {@code maxLength} is below 3
   */
  public BertEncoding encode(String a, String b) {
    if (maxLength < 3) {
      throw new IllegalStateException("a pair needs maxLength of at least 3 ([CLS] and two "
          + "[SEP]), this encoder has " + maxLength);
    }
    List<String> tokensA = tokenizer.tokenize(a);
    List<String> tokensB = tokenizer.tokenize(b);
    int lengthA = tokensA.size();
    int lengthB = tokensB.size();
    int budget = maxLength - 3;
    while (lengthA + lengthB > budget) {
      if (lengthA > lengthB) {
        lengthA--;
      } else {
        lengthB--;
      }
    }
    return assemble(tokensA.subList(0, lengthA), tokensB.subList(0, lengthB));
  }

  /**
   * Encodes texts one by one and pads them to {@code maxLength}, the fixed sequence length BERT
   * SavedModels usually expect.
   */
  public BertBatch encodeBatch(List<String> texts) {
    List<BertEncoding> encodings = new ArrayList<>(texts.size());
    for (String text : texts) {
      encodings.add(encode(text));
    }
    return BertBatch.pad(encodings, maxLength);
  }

  private BertEncoding assemble(List<String> a, List<String> b) {
    int length = a.size() + 2 + (b == null ? 0 : b.size() + 1);
    int[] ids = new int[length];
    int[] mask = new int[length];
    int[] segments = new int[length];
    int i = 0;
    ids[i++] = tokenizer.clsId();
    for (String token : a) {
      ids[i++] = tokenizer.id(token);
    }
    ids[i++] = tokenizer.sepId();
    if (b != null) {
      int firstOfB = i;
      for (String token : b) {
        ids[i++] = tokenizer.id(token);
      }
      ids[i++] = tokenizer.sepId();
      Arrays.fill(segments, firstOfB, length, 1);
    }
    Arrays.fill(mask, 1);
    return new BertEncoding(ids, mask, segments);
  }
}
