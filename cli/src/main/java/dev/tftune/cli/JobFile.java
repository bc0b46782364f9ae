package dev.tftune.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.tftune.TftuneException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.text.similarity.LevenshteinDistance;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Options of a command as a file: YAML or JSON (JSON is YAML), one key per option named as its
 * flag without dashes ({@code epochs: 3}, {@code run-dir: runs/a}, lists for repeatable
 * options), turned into the arguments the flags would be. Command-line flags placed after them
 * override them.
 */
final class JobFile {
  private static final ObjectMapper YAML = new YAMLMapper();

  private JobFile() {}

  /**
   * The options in a file.
   *
   * @throws TftuneException when it cannot be read or is not a map of options
   */
  static Map<String, Object> read(Path file) {
    try {
      Map<String, Object> options = YAML.readValue(file.toFile(), new TypeReference<>() {});
      return options == null ? Map.of() : options;
    } catch (IOException e) {
      throw new TftuneException("cannot read the job file " + file + ": "
          + TftuneException.firstLine(e.getMessage()),
          "write it as YAML or JSON keys named as the flags, e.g. 'epochs: 3'", e);
    }
  }

  /**
   * The arguments that give {@code options} to a command.
   *
   * @param source where the options come from, for messages
   * @throws TftuneException for a key that names no option (naming the closest that does)
   */
  static List<String> arguments(Map<String, Object> options, CommandSpec command,
      String source) {
    Map<String, OptionSpec> byKey = new LinkedHashMap<>();
    for (OptionSpec o : command.options()) {
      byKey.put(o.longestName().replaceFirst("^-+", ""), o);
    }
    List<String> args = new ArrayList<>();
    for (Map.Entry<String, Object> e : options.entrySet()) {
      OptionSpec option = byKey.get(e.getKey());
      if (option == null || option.usageHelp() || option.versionHelp()) {
        throw new TftuneException("unknown key '" + e.getKey() + "' in " + source,
            "did you mean '" + closest(e.getKey(), byKey.keySet()) + "'? keys are named as "
                + "the flags of tftune " + command.name() + " (see --help)");
      }
      add(args, option, e.getValue());
    }
    return args;
  }

  private static void add(List<String> args, OptionSpec option, Object value) {
    String flag = option.longestName();
    if (value == null) {
      return;
    }
    if (option.arity().max() == 0 || option.negatable()) {
      boolean on = Boolean.parseBoolean(value.toString());
      if (on) {
        args.add(flag);
      } else if (option.negatable()) {
        args.add(flag.replaceFirst("^--", "--no-"));
      }
      return;
    }
    if (value instanceof Collection<?> values) {
      for (Object v : values) {
        args.add(flag);
        args.add(v.toString());
      }
      return;
    }
    args.add(flag);
    args.add(value.toString());
  }

  private static String closest(String key, Collection<String> keys) {
    LevenshteinDistance distance = LevenshteinDistance.getDefaultInstance();
    return keys.stream().min(Comparator.comparingInt(k -> distance.apply(key, k))).orElse("");
  }
}
