package dev.tftune.export;

import java.nio.file.Path;
import java.util.List;

/**
 * A written and verified export.
 *
 * @param directory {@code <export-base>/<version>}
 * @param maxAbsDiff largest difference between the reloaded export's probabilities and the
 *     in-memory model's on the verification batch
 * @param variables names of the variables written
 * @param variablesBytes size of {@code variables/}
 * @param inputs the input keys of the signature over the model's own inputs
 * @param takesEncodedImages whether {@code serving_default} takes encoded images
 *     ({@value ServingExporter#IMAGE_BYTES})
 * @param stringInputs those of {@code inputs} that take strings (bytes: serialized
 *     {@code tf.Example}, texts), which TF Serving's JSON API takes base64-encoded
 * @param signatures the export's signature keys
 * @param warmupRecords records in {@code assets.extra/tf_serving_warmup_requests}
 */
public record ExportResult(Path directory, long version, double maxAbsDiff,
    List<String> variables, long variablesBytes, List<String> inputs,
    boolean takesEncodedImages, List<String> stringInputs, List<String> signatures,
    int warmupRecords) {

  public ExportResult {
    variables = List.copyOf(variables);
    inputs = List.copyOf(inputs);
    stringInputs = List.copyOf(stringInputs);
    signatures = List.copyOf(signatures);
  }
}
