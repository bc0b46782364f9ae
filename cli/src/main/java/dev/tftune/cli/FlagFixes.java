package dev.tftune.cli;

import dev.tftune.FixKeys;
import dev.tftune.TftuneException;
import java.util.Map;

/**
 * The fixes of library failures, worded with the command line's flags: the library names API
 * settings ({@code FineTuner.Builder.features}), a user at a terminal needs {@code --features}.
 */
final class FlagFixes {
  private static final Map<String, String> FIXES = Map.of(
      FixKeys.PLAN_NO_MATCH, "pick names from the variables `tftune inspect MODEL` lists, "
          + "such as %s",
      FixKeys.TENSOR_UNKNOWN, "use a signature output %s or a tensor name listed by "
          + "`tftune inspect`",
      FixKeys.FEATURES_NOT_FOUND, "pass --features with a tensor name (see `tftune inspect`)",
      FixKeys.BATCH_NORM_INFERENCE, "train this model with --batch-norm inference",
      FixKeys.BLOCKS_NONE, "unfreeze variables by name with --train-vars REGEX",
      FixKeys.UNFREEZE_TOO_MANY, "pass --unfreeze-top between 0 and %s",
      FixKeys.MAX_LENGTH, "pass --max-length %s or less",
      FixKeys.POOLING_UNKNOWN, "pass --pooling cls or --pooling mean",
      FixKeys.EXPORT_VERSION_EXISTS, "pass --version %s or --overwrite to replace it",
      FixKeys.EXPORT_NOT_TFTUNE, "pass a folder written by `tftune train --export`");

  private FlagFixes() {}

  /** The one-line message of a failure, its fix worded for the command line where it has one. */
  static String message(Throwable failure) {
    if (failure instanceof TftuneException e && e.fixKey() != null
        && FIXES.containsKey(e.fixKey())) {
      String fix = String.format(FIXES.get(e.fixKey()), e.fixValues().toArray());
      return TftuneException.firstLine(e.problem()) + " (fix: " + fix + ")";
    }
    return TftuneException.firstLine(failure.getMessage());
  }
}
