package dev.tftune.cli;

import dev.tftune.TftuneException;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** The {@code tftune} command line. */
@Command(name = "tftune", mixinStandardHelpOptions = true, version = "tftune " + Main.VERSION,
    description = "Fine-tune TensorFlow SavedModels from Java: inspect, train, evaluate, predict.",
    subcommands = {DemoCommand.class, InspectCommand.class, TrainCommand.class,
        EvaluateCommand.class, PredictCommand.class})
public final class Main {
  static final String VERSION = "0.1.0";

  public static void main(String[] args) {
    System.exit(run(args));
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
