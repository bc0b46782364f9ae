package dev.tftune.savedmodel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The temporary folders imports and exports write (named for the process that owns them, so
 * that a later run can remove those of processes killed before they cleaned up), their
 * removal, and folder sizes.
 */
public final class Folders {
  private static final Logger LOG = LoggerFactory.getLogger(Folders.class);
  private static final Pattern OWNED = Pattern.compile("pid(\\d{1,18})-.+");
  /**
   * A folder with the prefix but no owner was written by a tftune from before owners were
   * named; it is taken as abandoned once nothing has touched it for this long.
   */
  private static final Duration UNOWNED_AGE = Duration.ofHours(24);

  private Folders() {}

  /** Bytes of the regular files under a path (0 when it is missing), as an export reports. */
  public static long size(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return 0;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  /**
   * Creates {@code <parent>/<prefix>pid<this process>-<random>}, which {@link #removeStale}
   * removes once this process is gone.
   */
  public static Path temporary(Path parent, String prefix) throws IOException {
    return Files.createDirectory(parent.resolve(prefix + "pid" + ProcessHandle.current().pid()
        + "-" + UUID.randomUUID()));
  }

  /** The process that owns a folder {@link #temporary} named, if the name says. */
  static OptionalLong owner(String name, String prefix) {
    if (!name.startsWith(prefix)) {
      return OptionalLong.empty();
    }
    Matcher m = OWNED.matcher(name.substring(prefix.length()));
    return m.matches() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
  }

  /**
   * Whether a folder with the prefix was left by a process that no longer runs (a folder of a
   * running process, this one included, is never stale).
   */
  public static boolean isStale(Path folder, String prefix) {
    String name = folder.getFileName().toString();
    if (!name.startsWith(prefix) || !Files.isDirectory(folder)) {
      return false;
    }
    OptionalLong pid = owner(name, prefix);
    if (pid.isPresent()) {
      return ProcessHandle.of(pid.getAsLong()).map(p -> !p.isAlive()).orElse(true);
    }
    try {
      FileTime modified = Files.getLastModifiedTime(folder);
      return modified.toInstant().isBefore(Instant.now().minus(UNOWNED_AGE));
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Removes the folders under {@code parent} with the prefix that processes no longer running
   * left behind, and returns them with the bytes they held.
   */
  public static List<Removed> removeStale(Path parent, String prefix) {
    List<Removed> out = new ArrayList<>();
    if (!Files.isDirectory(parent)) {
      return out;
    }
    List<Path> stale;
    try (Stream<Path> list = Files.list(parent)) {
      stale = list.filter(p -> isStale(p, prefix)).toList();
    } catch (IOException e) {
      LOG.warn("could not look for stale temporary folders in {}: {}", parent, e.getMessage());
      return out;
    }
    for (Path dir : stale) {
      long bytes;
      try {
        bytes = size(dir);
      } catch (IOException e) {
        bytes = 0;
      }
      delete(dir);
      if (!Files.exists(dir)) {
        out.add(new Removed(dir, bytes));
      }
    }
    return out;
  }

  /** A stale folder {@link #removeStale} removed, and the bytes its files held. */
  public record Removed(Path folder, long bytes) {}

  /**
   * Deletes a folder and everything in it; links are removed, not followed. Does nothing for
   * null or a missing folder. Failures are logged, not thrown: a leftover temporary folder is
   * harmless and must not hide the error that led here.
   */
  public static void delete(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      LOG.warn("could not remove the temporary folder {}: {}", dir, e.getMessage());
    }
  }
}
