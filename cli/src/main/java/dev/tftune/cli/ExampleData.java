package dev.tftune.cli;

import dev.tftune.TftuneException;
import dev.tftune.data.ExampleRecords;
import dev.tftune.data.TfRecords;
import dev.tftune.savedmodel.SignatureInfo;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** TFRecord files of serialized tf.Example, for a signature that parses them. */
final class ExampleData {
  private static final Logger LOG = LoggerFactory.getLogger(ExampleData.class);

  private ExampleData() {}

  /** Files named {@code *.tfrecord}, {@code *.tfrecords}, {@code *.tfr}, or those gzipped. */
  static boolean isRecords(Path data) {
    String name = data.getFileName().toString().toLowerCase(Locale.ROOT)
        .replaceFirst("\\.gz$", "");
    return name.endsWith(".tfrecord") || name.endsWith(".tfrecords") || name.endsWith(".tfr");
  }

  /**
   * The records for the signature's one string input, labelled from a feature.
   *
   * @param labelFeature the class feature ({@code --label-feature}); ignored with a target
   * @param targetFeature a regression's feature ({@code --target}), or null
   * @param labelled false for prediction: no labels read
   */
  static ExampleRecords read(Path data, SignatureInfo signature, String labelFeature,
      String targetFeature, List<String> classNames, boolean labelled, int limit) {
    List<String> strings = signature.inputs().entrySet().stream()
        .filter(e -> e.getValue().dtype().equals("string")).map(e -> e.getKey()).toList();
    if (strings.size() != 1 || signature.inputs().size() != 1) {
      throw new TftuneException("tf.Example records feed a signature with one string input, "
          + "and " + signature.key() + " takes " + signature.inputs().keySet(),
          "choose the signature that parses examples with --signature NAME, or give the data "
              + "as a table or arrays");
    }
    List<byte[]> records = TfRecords.read(data);
    ExampleRecords examples = !labelled
        ? ExampleRecords.labelled(records, data.toString(), strings.get(0), null, classNames,
            limit)
        : targetFeature != null
            ? ExampleRecords.withTargets(records, data.toString(), strings.get(0),
                targetFeature, limit)
            : ExampleRecords.labelled(records, data.toString(), strings.get(0), labelFeature,
                classNames, limit);
    if (labelled) {
      LOG.info("data: {} examples from {} into input {}, {}", examples.size(), data,
          strings.get(0), examples.regression() ? "regression targets " + examples.classNames()
              : "labels from feature '" + labelFeature + "', classes " + examples.classNames());
    }
    return examples;
  }
}
