package dev.tftune.models.bert;

import dev.tftune.TftuneException;
import dev.tftune.models.text.BertInputEncoder;
import dev.tftune.models.text.WordPieceTokenizer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How texts were turned into inputs for a classifier trained on BERT: recorded in the export's
 * {@code assets/tftune.json} under {@code tokenizer}, beside {@code assets/vocab.txt}, so a
 * client (tftune's own predict, or anyone's) rebuilds the inputs exactly.
 *
 * @param lowerCase lower-case and strip accents before WordPiece (uncased vocabularies)
 * @param maxLength tokens per text at most, [CLS] and [SEP] included
 * @param maxWordLength words of more code points become [UNK] (200 in Google's reference)
 * @param fixedLength the length every batch must be padded to, or -1 for any length
 * @param inputs the signature's input keys
 */
public record TokenizerSettings(boolean lowerCase, int maxLength, int maxWordLength,
    int fixedLength, BertInputs inputs) {
  /** The key of these settings in {@code tftune.json}. */
  public static final String KEY = "tokenizer";
  /** The vocabulary's file name in the export's {@code assets/}. */
  public static final String VOCABULARY = "vocab.txt";

  public Map<String, Object> toMap() {
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("type", "wordpiece");
    t.put("vocabulary", VOCABULARY);
    t.put("lowerCase", lowerCase);
    t.put("maxLength", maxLength);
    t.put("maxWordLength", maxWordLength);
    t.put("fixedLength", fixedLength);
    t.put("inputIds", inputs.ids());
    t.put("inputMask", inputs.mask());
    t.put("segmentIds", inputs.segments());
    return t;
  }

  /**
   * Reads the settings from an export's metadata.
   *
   * @throws TftuneException when the export was not trained on text
   */
  public static TokenizerSettings fromMetadata(Map<String, Object> metadata) {
    if (!(metadata.get(KEY) instanceof Map<?, ?> t)) {
      throw new TftuneException("the export was not trained on text (its tftune.json has no "
          + KEY + " settings)", "give it the data it was trained on (--data), or a text "
          + "classifier exported by tftune");
    }
    try {
      return new TokenizerSettings(Boolean.parseBoolean(String.valueOf(t.get("lowerCase"))),
          ((Number) t.get("maxLength")).intValue(),
          t.get("maxWordLength") instanceof Number n ? n.intValue()
              : WordPieceTokenizer.DEFAULT_MAX_WORD_LENGTH,
          ((Number) t.get("fixedLength")).intValue(),
          new BertInputs(String.valueOf(t.get("inputIds")), String.valueOf(t.get("inputMask")),
              String.valueOf(t.get("segmentIds"))));
    } catch (NullPointerException | ClassCastException e) {
      throw new TftuneException("the tokenizer settings in the export's tftune.json are "
          + "incomplete: " + t, "export the model again with tftune");
    }
  }

  /** True when the metadata holds tokenizer settings. */
  public static boolean presentIn(Map<String, Object> metadata) {
    return metadata.get(KEY) instanceof Map<?, ?>;
  }

  /**
   * Tokenizes texts the way the export was trained.
   *
   * @param assets the export's {@code assets/} folder
   * @param pairs second texts, or null
   */
  public BertDataset dataset(Path assets, List<String> texts, List<String> pairs, int[] labels,
      List<String> classNames) {
    WordPieceTokenizer tokenizer = WordPieceTokenizer.load(assets.resolve(VOCABULARY), lowerCase)
        .withMaxWordLength(maxWordLength);
    return BertDataset.encode(new BertInputEncoder(tokenizer, maxLength), texts, pairs, labels,
        classNames, inputs, fixedLength);
  }
}
