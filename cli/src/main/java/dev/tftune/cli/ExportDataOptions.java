package dev.tftune.cli;

import dev.tftune.TftuneException;
import dev.tftune.data.Dataset;
import dev.tftune.data.LabelledTexts;
import dev.tftune.data.ImageFitter;
import dev.tftune.data.ImageFolders;
import dev.tftune.data.RawImages;
import dev.tftune.data.Scaling;
import dev.tftune.export.ExportedModel;
import dev.tftune.models.bert.TokenizerSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options shared by the commands that run an export on data: evaluate and predict. */
final class ExportDataOptions {
  @Option(names = "--model", required = true, paramLabel = "EXPORT_DIR",
      description = "an export version folder, <EXPORT_BASE>/<version>")
  Path model;

  @Option(names = "--data",
      description = "IDX images file, or TSV/CSV file of texts for a text classifier")
  Path data;

  @Mixin
  TextColumns columns;

  @Option(names = "--limit", defaultValue = "0", description = "use the first N examples")
  int limit;

  @Option(names = "--json", description = "print JSON instead of text")
  boolean json;

  /**
   * The data prepared the way the export records it was trained: tokenized for a text
   * classifier, fitted and scaled for an image classifier.
   *
   * @param labelled whether labels are needed (evaluate) or not (predict)
   */
  Dataset load(ExportedModel exported, boolean labelled) {
    if (data == null) {
      throw new TftuneException("no data given", "pass --data FILE"
          + (labelled ? "" : " (or --text \"some sentence\" for a text classifier)"));
    }
    if (TokenizerSettings.presentIn(exported.metadata())) {
      TextColumns.Hints hints = hints(exported.metadata());
      LabelledTexts texts = labelled
          ? columns.read(data, limit, exported.classNames(), hints).texts()
          : columns.readUnlabelled(data, limit, exported.classNames(), hints);
      return texts(exported, texts);
    }
    Object scaling = exported.metadata().getOrDefault("scaling", Scaling.UNIT.label());
    return DataFiles.images(data, limit, exported.inputShape(), Scaling.parse(scaling.toString()));
  }

  /** Texts tokenized the way the export records. */
  static Dataset texts(ExportedModel exported, LabelledTexts texts) {
    TokenizerSettings settings = TokenizerSettings.fromMetadata(exported.metadata());
    return settings.dataset(exported.directory().resolve("assets"), texts.texts(),
        texts.hasPairs() ? texts.pairs() : null, texts.labels(), exported.classNames());
  }

  /** Image files decoded, resized and scaled the way the export records it was trained. */
  static Dataset imageFiles(ExportedModel exported, List<Path> files) {
    Scaling scaling = Scaling.parse(exported.metadata()
        .getOrDefault("scaling", Scaling.UNIT.label()).toString());
    RawImages raw = ImageFolders.reader().readFiles(files, exported.inputShape(),
        exported.classNames());
    return ImageFitter.fit(raw, exported.inputShape(), scaling);
  }

  /** The columns a text classifier was trained on, as its export records them. */
  static TextColumns.Hints hints(Map<String, Object> metadata) {
    return new TextColumns.Hints(string(metadata.get("textColumn")),
        string(metadata.get("textPairColumn")), string(metadata.get("labelColumn")));
  }

  private static String string(Object value) {
    return value == null ? null : value.toString();
  }

  /** Texts given on the command line, unlabelled. */
  static Dataset texts(ExportedModel exported, List<String> texts) {
    if (exported.metadata().get("textPairColumn") != null) {
      throw new TftuneException("this classifier takes text pairs, not single texts",
          "pass --data FILE with both columns");
    }
    return texts(exported, LabelledTexts.of(texts, null, new int[texts.size()],
        exported.classNames()));
  }
}
