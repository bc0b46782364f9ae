package dev.tftune.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.tftune.TftuneException;
import dev.tftune.run.RunFolder;
import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.TensorFlow;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A run's {@code plan.json}: the command's options as resolved (flags, job file and defaults;
 * in the job-file format, so {@code --resume} reads them back), the model and data with their
 * fingerprints, the tuner's resolved configuration, and the versions of tftune and
 * TensorFlow.
 */
final class RunPlan {
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT);
  /** Options that say how to start, not what the run is. */
  private static final Set<String> NOT_RECORDED = Set.of("job", "resume", "help", "version");

  private RunPlan() {}

  /** Writes the plan (replacing it whole). */
  static void write(RunFolder run, CommandSpec command, Path modelDir, String modelFingerprint,
      Path data, String dataFingerprint, Map<String, Object> tuner) {
    Map<String, Object> plan = new LinkedHashMap<>();
    plan.put("tftune", Main.VERSION);
    plan.put("tensorflow", TensorFlow.version());
    String java = TensorFlow.class.getPackage().getImplementationVersion();
    plan.put("tensorflowJava", java != null ? java : "1.1.0");
    plan.put("created", Instant.now().toString());
    plan.put("command", command.name());
    plan.put("options", options(command));
    plan.put("model", Map.of("path", modelDir.toString(), "fingerprint", modelFingerprint));
    plan.put("data", Map.of("path", data.toString(), "fingerprint", dataFingerprint));
    plan.put("tuner", tuner);
    Path tmp = run.plan().resolveSibling("." + RunFolder.PLAN + ".tmp");
    try {
      JSON.writeValue(tmp.toFile(), plan);
      Files.move(tmp, run.plan(), StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new TftuneException("cannot write " + run.plan() + ": " + e.getMessage(),
          "check that the run folder is writable", e);
    }
  }

  /** The options a plan recorded, in the job-file format. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> options(Path runDir) {
    return (Map<String, Object>) read(runDir).get("options");
  }

  /** The fingerprint of the data a plan recorded. */
  @SuppressWarnings("unchecked")
  static String dataFingerprint(Path runDir) {
    return ((Map<String, Object>) read(runDir).get("data")).get("fingerprint").toString();
  }

  private static Map<String, Object> read(Path runDir) {
    Path file = RunFolder.existing(runDir).plan();
    try {
      return JSON.readValue(file.toFile(), new TypeReference<>() {});
    } catch (IOException e) {
      throw new TftuneException("cannot read " + file + ": " + e.getMessage(),
          "resume a run folder tftune wrote", e);
    }
  }

  private static Map<String, Object> options(CommandSpec command) {
    Map<String, Object> options = new LinkedHashMap<>();
    for (OptionSpec o : command.options()) {
      String key = o.longestName().replaceFirst("^-+", "");
      Object value = o.getValue();
      if (NOT_RECORDED.contains(key) || o.usageHelp() || o.versionHelp() || value == null) {
        continue;
      }
      options.put(key, plain(value));
    }
    return options;
  }

  /** Paths as strings, arrays as lists: values the job-file reader gives back as flags. */
  private static Object plain(Object value) {
    if (value.getClass().isArray()) {
      List<Object> list = new ArrayList<>();
      for (int i = 0; i < Array.getLength(value); i++) {
        list.add(Array.get(value, i));
      }
      return list;
    }
    if (value instanceof Path || value instanceof Enum<?>) {
      return value.toString();
    }
    return value;
  }
}
