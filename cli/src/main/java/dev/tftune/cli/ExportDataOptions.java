package dev.tftune.cli;

import dev.tftune.data.ImageDataset;
import dev.tftune.data.Scaling;
import dev.tftune.export.ExportedModel;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options shared by the commands that run an export on data: evaluate and predict. */
final class ExportDataOptions {
  @Option(names = "--model", required = true, paramLabel = "EXPORT_DIR",
      description = "an export version folder, <EXPORT_BASE>/<version>")
  Path model;

  @Option(names = "--data", required = true, description = "IDX images file")
  Path data;

  @Option(names = "--limit", defaultValue = "0", description = "use the first N examples")
  int limit;

  @Option(names = "--json", description = "print JSON instead of text")
  boolean json;

  /** The data fitted the way the export records it was trained. */
  ImageDataset load(ExportedModel exported) {
    Object scaling = exported.metadata().getOrDefault("scaling", Scaling.UNIT.label());
    return DataFiles.images(data, limit, exported.inputShape(), Scaling.parse(scaling.toString()));
  }
}
