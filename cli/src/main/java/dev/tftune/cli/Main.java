package dev.tftune.cli;

import dev.tftune.TftuneException;
import dev.tftune.runtime.NativeLogs;
import java.nio.file.Path;
import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code tftune} command line. */
@Command(name = "tftune", mixinStandardHelpOptions = true, version = "tftune " + Main.VERSION,
    description = "Fine-tune TensorFlow SavedModels from Java: inspect, train, evaluate, predict.",
    subcommands = {DemoCommand.class, InspectCommand.class, TrainCommand.class,
        EvaluateCommand.class, PredictCommand.class, ServeCheckCommand.class,
        ModelsCommand.class})
public final class Main {
  static final String VERSION = "0.1.0";

  public static void main(String[] args) {
    if (!Arrays.asList(args).contains(VerboseOption.FLAG)) {
      // before TensorFlow loads: its native lines go to a file, Java's messages stay
      NativeLogs.redirect(nativeLog());
    }
    System.exit(run(args));
  }

  /** Where TensorFlow's native log lines go without --verbose. */
  static Path nativeLog() {
    return Path.of(System.getProperty("java.io.tmpdir"), "tftune-native.log");
  }

  /** Runs a command line and returns its exit code. */
  public static int run(String... args) {
    CommandLine cli = new CommandLine(new Main());
    // job files and --resume put their options first; flags after them override them
    cli.setOverwrittenOptionsAllowed(true);
    cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
      Throwable cause = e;
      while (!(cause instanceof TftuneException || cause instanceof IllegalArgumentException)
          && cause.getCause() != null && cause.getCause() != cause) {
        cause = cause.getCause();
      }
      if (System.getenv("TFTUNE_DEBUG") != null) {
        e.printStackTrace();
      }
      if (cause instanceof TftuneException || cause instanceof IllegalArgumentException) {
        cmd.getErr().println("error: " + FlagFixes.message(cause));
        return 2;
      }
      cmd.getErr().println("error: " + e.getClass().getSimpleName() + ": "
          + TftuneException.firstLine(e.getMessage())
          + " (fix: rerun with TFTUNE_DEBUG=1 for details, and report it if it persists)");
      return 1;
    });
    String[] expanded;
    try {
      expanded = JobArguments.expand(args);
    } catch (TftuneException e) {
      cli.getErr().println("error: " + FlagFixes.message(e));
      return 2;
    }
    return cli.execute(expanded);
  }
}
