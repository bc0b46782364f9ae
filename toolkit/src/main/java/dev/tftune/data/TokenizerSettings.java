package dev.tftune.data;

/**
 * How a WordPiece tokenizer turned texts into a BERT encoder's inputs, exactly enough to do it
 * again: an export records them so a client rebuilds the same token ids.
 *
 * @param lowerCase lower-case and strip accents before WordPiece (uncased vocabularies)
 * @param maxLength tokens per text at most, [CLS] and [SEP] included
 * @param maxWordLength words of more code points become [UNK] (200 in Google's reference)
 * @param fixedLength the length every batch must be padded to, or -1 for any length
 * @param inputIds the signature input of the token ids
 * @param inputMask the signature input of the attention mask
 * @param segmentIds the signature input of the segment (token type) ids
 */
public record TokenizerSettings(boolean lowerCase, int maxLength, int maxWordLength,
    int fixedLength, String inputIds, String inputMask, String segmentIds) {
  /** The vocabulary's file name in an export's {@code assets/}. */
  public static final String VOCABULARY = "vocab.txt";
  /** Google's reference tokenizer's word limit, in code points. */
  public static final int DEFAULT_MAX_WORD_LENGTH = 200;
}
