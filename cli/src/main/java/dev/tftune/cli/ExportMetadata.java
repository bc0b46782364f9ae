package dev.tftune.cli;

import dev.tftune.models.bert.BertModel;
import dev.tftune.models.bert.BertPooling;
import dev.tftune.models.bert.TokenizerSettings;
import dev.tftune.train.FineTuner;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the command line records in an export's {@code tftune.json}, so that evaluate and
 * predict (and any client) prepare inputs as training did. One place for train and demo.
 */
final class ExportMetadata {
  private ExportMetadata() {}

  /** A text classifier's settings: its columns and the tokenizer. */
  static Map<String, Object> text(String model, String features, BertPooling pooling,
      TextColumns.Read columns, BertModel bert, int maxLength) {
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("baseModel", model);
    meta.put("features", features);
    meta.put("pooling", pooling.cliName());
    meta.put("textColumn", columns.textColumn());
    if (columns.pairColumn() != null) {
      meta.put("textPairColumn", columns.pairColumn());
    }
    meta.put("labelColumn", columns.labelColumn());
    meta.put(TokenizerSettings.KEY, bert.tokenizerSettings(maxLength).toMap());
    return meta;
  }

  /** What a finished run adds: the base variables that trained and the seed. */
  static void training(Map<String, Object> meta, FineTuner tuner, long seed) {
    meta.put("trainedBaseVariables", tuner.trainedBaseVariables());
    meta.put("seed", seed);
  }
}
