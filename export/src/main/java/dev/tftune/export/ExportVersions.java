package dev.tftune.export;

import dev.tftune.savedmodel.MetaGraphs;
import dev.tftune.savedmodel.SignatureInfo;
import dev.tftune.savedmodel.TensorInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The numeric version folders of an export base, as TF Serving picks them (the highest
 * serves), and how two versions' signatures differ for the clients of the older one.
 */
public final class ExportVersions {
  private ExportVersions() {}

  /**
   * The version folder to check: the folder itself when it holds {@code saved_model.pb}, else
   * the highest numeric version under it.
   *
   * @throws ExportException when it is neither
   */
  public static Path resolve(Path baseOrVersion) {
    if (Files.isRegularFile(baseOrVersion.resolve(MetaGraphs.SAVED_MODEL_PB))) {
      return baseOrVersion;
    }
    List<Long> versions = versions(baseOrVersion);
    if (versions.isEmpty()) {
      throw new ExportException(baseOrVersion + " holds neither saved_model.pb nor a numeric "
          + "version folder", "pass an export base (the --export folder) or one of its "
          + "version folders");
    }
    return baseOrVersion.resolve(Long.toString(versions.get(versions.size() - 1)));
  }

  /** The numeric versions under a base holding a saved_model.pb, ascending. */
  public static List<Long> versions(Path base) {
    if (!Files.isDirectory(base)) {
      return List.of();
    }
    try (Stream<Path> list = Files.list(base)) {
      return list.filter(p -> p.getFileName().toString().matches("\\d{1,18}"))
          .filter(p -> Files.isRegularFile(p.resolve(MetaGraphs.SAVED_MODEL_PB)))
          .map(p -> Long.parseLong(p.getFileName().toString())).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * What a client of {@code older} would meet in {@code newer}: signatures gone, inputs or
   * outputs gone or changed in dtype or shape, inputs added. Empty when nothing breaks.
   */
  public static List<String> breakingChanges(Map<String, SignatureInfo> older,
      Map<String, SignatureInfo> newer) {
    List<String> out = new ArrayList<>();
    older.forEach((key, old) -> {
      SignatureInfo now = newer.get(key);
      if (now == null) {
        out.add("signature " + key + " is gone");
        return;
      }
      compare("input", key, old.inputs(), now.inputs(), out);
      compare("output", key, old.outputs(), now.outputs(), out);
      now.inputs().keySet().stream().filter(k -> !old.inputs().containsKey(k))
          .forEach(k -> out.add(key + " takes a new input " + k));
    });
    return out;
  }

  private static void compare(String kind, String signature, Map<String, TensorInfo> old,
      Map<String, TensorInfo> now, List<String> out) {
    old.forEach((k, t) -> {
      TensorInfo n = now.get(k);
      if (n == null) {
        out.add(signature + " has no " + kind + " " + k + " any more");
      } else if (!Objects.equals(t.dtype(), n.dtype()) || !Arrays.equals(t.shape(), n.shape())) {
        out.add(signature + "'s " + kind + " " + k + " was " + t.dtype() + t.shapeString()
            + " and is " + n.dtype() + n.shapeString());
      }
    });
  }
}
