/**
 * Export of fine-tuned classifiers for TF Serving: {@link ServingExporter} writes
 * {@code <export-base>/<version>/} with a {@code serving_default} signature, only the variables
 * of the inference path and {@code assets/tftune.json} (how inputs were prepared), and renames
 * it into place only once the reloaded export gives the in-memory model's outputs.
 * {@link ExportedModel} loads an export back with TensorFlow's own loader, for that check and for
 * evaluation and prediction.
 */
package dev.tftune.export;
