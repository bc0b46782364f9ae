package dev.tftune.cli;

import dev.tftune.TftuneException;
import dev.tftune.data.ArrayPreparation;
import dev.tftune.data.Dataset;
import dev.tftune.data.ExamplePreparation;
import dev.tftune.data.ImageFitter;
import dev.tftune.data.ImageFolders;
import dev.tftune.data.ImagePreparation;
import dev.tftune.data.LabelledTexts;
import dev.tftune.data.RawImages;
import dev.tftune.data.Scaling;
import dev.tftune.data.TablePreparation;
import dev.tftune.data.TextPreparation;
import dev.tftune.export.ExportedModel;
import dev.tftune.models.bert.BertDataset;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options shared by the commands that run an export on data: evaluate and predict. */
final class ExportDataOptions {
  @Option(names = "--model", required = true, paramLabel = "EXPORT_DIR",
      description = "an export version folder, <EXPORT_BASE>/<version>")
  Path model;

  @Option(names = "--data",
      description = "IDX images file, a folder of images, a TSV/CSV file of texts (text "
          + "classifiers) or of numbers (models trained on a table: the same columns), NumPy "
          + "arrays, or tf.Example records (.tfrecord, plain or gzip)")
  Path data;

  @Option(names = "--label-feature", paramLabel = "NAME",
      description = "tf.Example records: the feature holding each example's class; default "
          + "the one the model was trained with")
  String labelFeature;

  @Mixin
  TextColumns columns;

  @Option(names = "--limit", defaultValue = "0", description = "use the first N examples")
  int limit;

  @Option(names = "--json", description = "print JSON instead of text")
  boolean json;

  @Mixin
  TrustOption trustOption;

  /** The export, refused when its graph acts outside it unless --trust-model. */
  ExportedModel loadModel() {
    return ExportedModel.load(model, trustOption.trust);
  }

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
    if (exported.preparation() instanceof TextPreparation text) {
      TextColumns.Hints hints = TextColumns.Hints.of(text.columns());
      LabelledTexts texts = labelled
          ? columns.read(data, limit, exported.classNames(), hints)
          : columns.readUnlabelled(data, limit, exported.classNames(), hints);
      return texts(exported, texts);
    }
    if (exported.preparation() instanceof ExamplePreparation examples) {
      return ExampleData.read(data, exported.signature(),
          labelFeature != null ? labelFeature : examples.labelFeature(),
          examples.targetFeature(), exported.classNames(), labelled, limit);
    }
    if (exported.preparation() instanceof ArrayPreparation arrays) {
      return ArrayData.read(data, exported.signature().inputs(),
          columns.label != null ? columns.label : arrays.labelArray(), arrays.targetArray(),
          exported.classNames(), labelled, limit);
    }
    if (exported.preparation() instanceof TablePreparation table) {
      return TableData.read(data, List.of(), List.of(), table.columns().multiLabel(), columns,
          table.columns(),
          exported.signature().inputs(), exported.classNames(), labelled, limit);
    }
    Scaling scaling = imageScaling(exported);
    RawImages raw = DataFiles.raw(data, limit, exported.inputShape(), scaling);
    // a folder per class is matched by name: sorted positions shift when a class is missing
    return ImageFitter.fit(labelled ? raw.withClasses(exported.classNames()) : raw,
        exported.inputShape(), scaling);
  }

  /** Texts tokenized the way the export records. */
  static Dataset texts(ExportedModel exported, LabelledTexts texts) {
    if (!(exported.preparation() instanceof TextPreparation text)) {
      throw new TftuneException("the export " + exported.directory() + " was not trained on "
          + "text", "give it the kind of data it was trained on (--data)");
    }
    return BertDataset.prepared(text, texts.texts(), texts.hasPairs() ? texts.pairs() : null,
        texts.labels(), exported.classNames());
  }

  /** Image files decoded, resized and scaled the way the export records it was trained. */
  static Dataset imageFiles(ExportedModel exported, List<Path> files) {
    Scaling scaling = imageScaling(exported);
    RawImages raw = ImageFolders.reader().readFiles(files, exported.inputShape(),
        exported.classNames());
    return ImageFitter.fit(raw, exported.inputShape(), scaling);
  }

  /**
   * The scaling the export's images were trained with; an export trained on tensors the caller
   * prepared records none, and guessing one would give wrong answers without a word.
   */
  private static Scaling imageScaling(ExportedModel exported) {
    if (exported.preparation() instanceof ImagePreparation image) {
      return image.scaling();
    }
    if (exported.preparation() instanceof TextPreparation) {
      throw new TftuneException("the export " + exported.directory() + " classifies texts, "
          + "not images", "pass a TSV/CSV file of texts as --data");
    }
    throw new TftuneException("the export " + exported.directory() + " was trained on "
        + "tensors prepared outside tftune, so it records no image scaling to prepare files "
        + "with", "feed it tensors prepared as in training through the Java API "
        + "(ExportedModel.predict), or train it on images tftune prepares (ImageFitter.fit, "
        + "AugmentedImages, or tftune train)");
  }

  /** Texts given on the command line, unlabelled. */
  static Dataset texts(ExportedModel exported, List<String> texts) {
    if (exported.preparation() instanceof TextPreparation t && t.columns().pair() != null) {
      throw new TftuneException("this classifier takes text pairs, not single texts",
          "pass --data FILE with both columns");
    }
    return texts(exported, LabelledTexts.of(texts, null, new int[texts.size()],
        exported.classNames()));
  }
}
