package dev.tftune.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Expands {@code train --job FILE} and {@code train --resume RUN_DIR} into the options they
 * stand for, placed before the command line's own flags so that those override them:
 * {@code train <plan.json's options> <job file's options> <flags>}.
 */
final class JobArguments {
  private JobArguments() {}

  static String[] expand(String[] args) {
    if (args.length == 0 || !args[0].equals("train")) {
      return args;
    }
    List<String> flags = Arrays.asList(args).subList(1, args.length);
    String resume = valueOf(flags, "--resume");
    String job = valueOf(flags, "--job");
    if (resume == null && job == null) {
      return args;
    }
    CommandSpec train = new CommandLine(new TrainCommand()).getCommandSpec();
    List<String> out = new ArrayList<>(List.of("train"));
    if (resume != null) {
      out.addAll(JobFile.arguments(RunPlan.options(Path.of(resume)), train,
          Path.of(resume).resolve("plan.json").toString()));
    }
    if (job != null) {
      out.addAll(JobFile.arguments(JobFile.read(Path.of(job)), train, job));
    }
    out.addAll(flags);
    return out.toArray(String[]::new);
  }

  /** The value of {@code --name V} or {@code --name=V}, or null. */
  private static String valueOf(List<String> flags, String name) {
    for (int i = 0; i < flags.size(); i++) {
      if (flags.get(i).equals(name) && i + 1 < flags.size()) {
        return flags.get(i + 1);
      }
      if (flags.get(i).startsWith(name + "=")) {
        return flags.get(i).substring(name.length() + 1);
      }
    }
    return null;
  }
}
