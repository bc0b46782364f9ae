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
 * @param nextCommands what a user runs next: saved_model_cli and TF Serving
 */
public record ExportResult(Path directory, long version, double maxAbsDiff,
    List<String> variables, long variablesBytes, List<String> nextCommands) {}
