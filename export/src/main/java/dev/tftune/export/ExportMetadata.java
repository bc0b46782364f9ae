package dev.tftune.export;

import dev.tftune.data.ArrayPreparation;
import dev.tftune.data.ExamplePreparation;
import dev.tftune.data.ImagePreparation;
import dev.tftune.data.InputPreparation;
import dev.tftune.data.Scaling;
import dev.tftune.data.TableColumns;
import dev.tftune.data.TablePreparation;
import dev.tftune.data.TextColumnNames;
import dev.tftune.data.TextPreparation;
import dev.tftune.data.TokenizerSettings;
import dev.tftune.savedmodel.SavedModelException;
import dev.tftune.train.TrainedModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The contents of an export's {@code assets/tftune.json}: how inputs were prepared (typed on
 * both sides, so nothing is left to a caller to remember), what trained, and the input mapping.
 * The keys of exports written before the preparation was typed ({@code scaling},
 * {@code tokenizer}, the column names) are the ones still written, so old exports read alike.
 */
final class ExportMetadata {
  static final String PREPARATION = "preparation";
  static final String SCALING = "scaling";
  static final String TOKENIZER = "tokenizer";
  static final String INPUT_COLUMNS = "inputColumns";
  static final String TARGET_COLUMNS = "targetColumns";
  static final String LABEL_ARRAY = "labelArray";
  static final String TASK = "task";
  static final String LABEL_FEATURE = "labelFeature";
  static final String TARGET_FEATURE = "targetFeature";
  static final String MULTI_LABEL = "multi-label";
  static final String TARGET_ARRAY = "targetArray";

  private ExportMetadata() {}

  /** What an export of a trained model records. */
  static Map<String, Object> of(TrainedModel model) {
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("baseModel", model.base().directory().toAbsolutePath().toString());
    meta.put("features", model.features());
    meta.put(TASK, model.multiLabel() ? MULTI_LABEL : model.regression() ? "regression"
        : "classification");
    writePreparation(meta, model.preparation());
    meta.put("batchNorm", model.batchNorm().name().toLowerCase(Locale.ROOT));
    meta.put("trainedBaseVariables", model.trainedBaseVariables());
    meta.put("seed", model.seed());
    return meta;
  }

  private static void writePreparation(Map<String, Object> meta, InputPreparation preparation) {
    if (preparation instanceof ImagePreparation image) {
      meta.put(PREPARATION, "image");
      meta.put(SCALING, image.scaling().label());
    } else if (preparation instanceof TextPreparation text) {
      meta.put(PREPARATION, "text");
      TextColumnNames columns = text.columns();
      meta.put("textColumn", columns.text());
      if (columns.pair() != null) {
        meta.put("textPairColumn", columns.pair());
      }
      meta.put("labelColumn", columns.label());
      TokenizerSettings t = text.tokenizer();
      Map<String, Object> tokenizer = new LinkedHashMap<>();
      tokenizer.put("type", "wordpiece");
      tokenizer.put("vocabulary", TokenizerSettings.VOCABULARY);
      tokenizer.put("lowerCase", t.lowerCase());
      tokenizer.put("maxLength", t.maxLength());
      tokenizer.put("maxWordLength", t.maxWordLength());
      tokenizer.put("fixedLength", t.fixedLength());
      tokenizer.put("inputIds", t.inputIds());
      tokenizer.put("inputMask", t.inputMask());
      tokenizer.put("segmentIds", t.segmentIds());
      meta.put(TOKENIZER, tokenizer);
    } else if (preparation instanceof ExamplePreparation examples) {
      meta.put(PREPARATION, "examples");
      if (examples.targetFeature() != null) {
        meta.put(TARGET_FEATURE, examples.targetFeature());
      } else {
        meta.put(LABEL_FEATURE, examples.labelFeature());
      }
    } else if (preparation instanceof ArrayPreparation arrays) {
      meta.put(PREPARATION, "arrays");
      if (arrays.targetArray() != null) {
        meta.put(TARGET_ARRAY, arrays.targetArray());
      } else {
        meta.put(LABEL_ARRAY, arrays.labelArray());
      }
    } else if (preparation instanceof TablePreparation table) {
      meta.put(PREPARATION, "table");
      meta.put(INPUT_COLUMNS, table.columns().inputs());
      if (table.columns().regression()) {
        meta.put(TARGET_COLUMNS, table.columns().targets());
      } else {
        meta.put("labelColumn", table.columns().label());
        meta.put("labelSets", table.columns().multiLabel());
      }
    } else {
      meta.put(PREPARATION, "tensors");
    }
  }

  /**
   * The preparation an export records.
   *
   * @param assets the export's {@code assets/} folder (a text classifier's vocabulary)
   * @throws SavedModelException when the record is incomplete or names an unknown scaling
   */
  static InputPreparation preparation(Map<String, Object> meta, Path assets) {
    if (meta.get(TOKENIZER) instanceof Map<?, ?> t) {
      return text(meta, t, assets);
    }
    if ("examples".equals(meta.get(PREPARATION))) {
      return new ExamplePreparation(string(meta.get(LABEL_FEATURE)),
          string(meta.get(TARGET_FEATURE)));
    }
    if ("arrays".equals(meta.get(PREPARATION))) {
      return new ArrayPreparation(string(meta.get(LABEL_ARRAY)), string(meta.get(TARGET_ARRAY)));
    }
    if (meta.get(INPUT_COLUMNS) instanceof Map<?, ?> columns) {
      Map<String, List<String>> inputs = new LinkedHashMap<>();
      columns.forEach((k, v) -> inputs.put(String.valueOf(k), v instanceof List<?> l
          ? l.stream().map(String::valueOf).toList() : List.of(String.valueOf(v))));
      List<String> targets = meta.get(TARGET_COLUMNS) instanceof List<?> t
          ? t.stream().map(String::valueOf).toList() : List.of();
      return new TablePreparation(new TableColumns(inputs, string(meta.get("labelColumn")),
          targets, Boolean.TRUE.equals(meta.get("labelSets"))));
    }
    if (meta.get(SCALING) != null) {
      try {
        return new ImagePreparation(Scaling.parse(meta.get(SCALING).toString()));
      } catch (IllegalArgumentException e) {
        throw new SavedModelException("the export's tftune.json names " + e.getMessage(),
            "export the model again with this version of tftune");
      }
    }
    return InputPreparation.tensors();
  }

  private static TextPreparation text(Map<String, Object> meta, Map<?, ?> t, Path assets) {
    TokenizerSettings settings;
    try {
      settings = new TokenizerSettings(Boolean.parseBoolean(String.valueOf(t.get("lowerCase"))),
          ((Number) t.get("maxLength")).intValue(),
          t.get("maxWordLength") instanceof Number n ? n.intValue()
              : TokenizerSettings.DEFAULT_MAX_WORD_LENGTH,
          ((Number) t.get("fixedLength")).intValue(), String.valueOf(t.get("inputIds")),
          String.valueOf(t.get("inputMask")), String.valueOf(t.get("segmentIds")));
    } catch (NullPointerException | ClassCastException e) {
      throw new SavedModelException("the tokenizer settings in the export's tftune.json are "
          + "incomplete: " + t, "export the model again with tftune");
    }
    Path vocabulary = assets.resolve(TokenizerSettings.VOCABULARY);
    byte[] vocab;
    try {
      vocab = Files.readAllBytes(vocabulary);
    } catch (IOException e) {
      throw new SavedModelException("cannot read the export's vocabulary " + vocabulary + ": "
          + e.getMessage(), "export the model again with tftune (it writes assets/vocab.txt)",
          e);
    }
    return new TextPreparation(settings, new TextColumnNames(string(meta.get("textColumn")),
        string(meta.get("textPairColumn")), string(meta.get("labelColumn"))), vocab);
  }

  /** The dataset-to-signature input mapping recorded at training time; empty when absent. */
  static Map<String, String> datasetInputs(Map<String, Object> meta) {
    Map<String, String> out = new LinkedHashMap<>();
    if (meta.get("datasetInputs") instanceof Map<?, ?> m) {
      m.forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
    }
    return out;
  }

  /** The classes and inputs of the serving endpoints. */
  static void putEndpoints(Map<String, Object> meta, List<String> classes, List<String> inputs,
      Map<String, String> datasetInputs) {
    meta.put("classes", classes);
    meta.put("inputs", inputs);
    meta.put("datasetInputs", datasetInputs);
  }

  private static String string(Object value) {
    return value == null ? null : value.toString();
  }
}
