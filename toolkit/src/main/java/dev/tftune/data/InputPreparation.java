package dev.tftune.data;

import java.util.Map;

/**
 * How examples became the tensors a model was trained on. It travels with the data (each
 * {@link Dataset} states its own), with the trained model's serving endpoints and into the
 * export's {@code tftune.json}, so that whoever feeds the export later (tftune's own
 * {@code evaluate} and {@code predict}, or any client) prepares inputs exactly as training did.
 */
public sealed interface InputPreparation
    permits ImagePreparation, TextPreparation, TablePreparation, ArrayPreparation,
    ExamplePreparation, TensorInputs {

  /** Inputs fed as the data gave them, with no preparation known to tftune. */
  static InputPreparation tensors() {
    return new TensorInputs();
  }

  /** Files an export needs beside its graph to prepare inputs (a vocabulary), by file name. */
  default Map<String, byte[]> assets() {
    return Map.of();
  }
}
