package dev.tftune.export;

import dev.tftune.savedmodel.Folders;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The folder TF Serving reads a model's versions from, as an export writes it: checked for
 * writing before a run trains, cleared of what killed exports left, and given each new version
 * by one atomic rename, so that TF Serving never sees a half-written version and two exports
 * running at once each get their own.
 *
 * <pre>{@code
 * ExportBase.of(Path.of("/models/m")).checkWritable(null, false); // before training
 * }</pre>
 */
public final class ExportBase {
  private static final Logger LOG = LoggerFactory.getLogger(ExportBase.class);
  /** Folders an export writes before the rename; TF Serving ignores names that are not numbers. */
  static final String TEMPORARY = ".tmp-";
  /** A version moved aside while its replacement moves in: {@code .old-<version>-pid...}. */
  private static final String ASIDE = ".old-";
  private static final Pattern ASIDE_NAME = Pattern.compile("\\.old-(\\d{1,18})-(pid.+)");
  private static final int MAX_CLAIMS = 1000;

  private final Path dir;

  private ExportBase(Path dir) {
    this.dir = dir;
  }

  /** The export base at {@code dir}; nothing is read or written yet. */
  public static ExportBase of(Path dir) {
    return new ExportBase(Objects.requireNonNull(dir, "export base"));
  }

  /** The folder. */
  public Path dir() {
    return dir;
  }

  /**
   * Checks, without leaving anything behind, that an export could be written here: the base
   * is a folder (or can be created in the nearest existing one), files can be created in it,
   * and an explicitly asked version does not exist unless it is to be replaced. Call it before
   * training, so that a typo or a read-only folder does not cost the run.
   *
   * @param version the version to be written, or null for the next free one
   * @throws ExportException naming the problem and the fix
   */
  public void checkWritable(Long version, boolean overwrite) {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new ExportException("the export base " + dir + " is a file, not a folder",
          "pass a folder for the export (TF Serving's model base path, where versions go)");
    }
    Path existing = nearestExisting();
    if (existing == null || !Files.isDirectory(existing)) {
      throw new ExportException("the export base " + dir + " cannot be created: "
          + existing + " is not a folder", "pass an export folder under an existing folder");
    }
    try {
      Files.delete(Files.createTempFile(existing, ".tftune-write-check-", ""));
    } catch (IOException e) {
      throw new ExportException("cannot write the export under " + dir + ": " + existing
          + " is not writable (" + e.getClass().getSimpleName() + ")", "pass an --export folder "
          + "you can write to, or fix its permissions", e);
    }
    if (version != null && !overwrite && Files.exists(dir.resolve(Long.toString(version)))) {
      throw versionExists(dir.resolve(Long.toString(version)));
    }
  }

  /** The base, or its nearest folder above that exists; null when none does. */
  private Path nearestExisting() {
    Path existing = dir.toAbsolutePath();
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    return existing;
  }

  /** A failed write of an export, with the free space where it was written. */
  ExportException cannotWrite(IOException e) {
    String free = "";
    try {
      Path existing = nearestExisting();
      if (existing != null) {
        free = String.format(Locale.ROOT, "; %.1f MB free there",
            Files.getFileStore(existing).getUsableSpace() / 1e6);
      }
    } catch (IOException ignored) {
      // the free space only helps the message
    }
    return new ExportException("cannot write the export under " + dir + ": "
        + e.getClass().getSimpleName() + ": " + e.getMessage() + free,
        "check that the folder is writable and the disk has space; nothing was published", e);
  }

  /**
   * Removes the temporary folders of exports whose process is gone (a {@code kill -9} or a
   * power cut during an export) and puts back a version that such an export had moved aside
   * to replace it; says so in the log.
   */
  void cleanStale() {
    for (Folders.Removed r : Folders.removeStale(dir, TEMPORARY)) {
      LOG.info("removed {} ({} MB), left by an export that did not finish", r.folder(),
          String.format(Locale.ROOT, "%.1f", r.bytes() / 1e6));
    }
    for (Path aside : list(ASIDE)) {
      Matcher m = ASIDE_NAME.matcher(aside.getFileName().toString());
      if (!m.matches() || !Folders.isStale(aside, ASIDE + m.group(1) + "-")) {
        continue;
      }
      Path version = dir.resolve(m.group(1));
      if (Files.exists(version)) {
        Folders.delete(aside);
        LOG.info("removed {}, a replaced version an interrupted export left", aside);
      } else {
        try {
          Files.move(aside, version, StandardCopyOption.ATOMIC_MOVE);
          LOG.warn("restored version {} of {}: an export replacing it was interrupted",
              m.group(1), dir);
        } catch (IOException e) {
          LOG.warn("could not restore {} as version {}: {}", aside, m.group(1), e.getMessage());
        }
      }
    }
  }

  /** A new temporary folder for an export, after removing those of dead processes. */
  Path newTemporary() throws IOException {
    Files.createDirectories(dir);
    cleanStale();
    return Folders.temporary(dir, TEMPORARY);
  }

  /**
   * Renames a written export into place as {@code version}, or as the next free version when
   * null: the rename is the claim, so an export racing this one for the same number gets the
   * next one (or, for an explicit version, a refusal). Replacing ({@code overwrite}) moves the
   * old version aside first; a crash between the two renames is undone by the next export.
   *
   * @return the version written
   */
  long publish(Path written, Long version, boolean overwrite) throws IOException {
    if (version == null) {
      for (int i = 0; i < MAX_CLAIMS; i++) {
        long v = nextVersion();
        if (claim(written, dir.resolve(Long.toString(v)))) {
          return v;
        }
      }
      throw new ExportException("could not claim a free version under " + dir + " after "
          + MAX_CLAIMS + " tries", "export with an explicit version(N)");
    }
    Path target = dir.resolve(Long.toString(version));
    Path aside = null;
    if (overwrite && Files.exists(target)) {
      aside = dir.resolve(ASIDE + version + "-pid" + ProcessHandle.current().pid() + "-"
          + java.util.UUID.randomUUID());
      Files.move(target, aside, StandardCopyOption.ATOMIC_MOVE);
    }
    if (!claim(written, target)) {
      if (aside != null) {
        Files.move(aside, target, StandardCopyOption.ATOMIC_MOVE);
      }
      throw versionExists(target);
    }
    Folders.delete(aside);
    return version;
  }

  /** Renames the export to the target unless the target exists (atomically, by rename(2)). */
  private static boolean claim(Path written, Path target) throws IOException {
    if (Files.exists(target)) {
      return false;
    }
    try {
      // rename fails when the target is a folder with files, as every version is
      Files.move(written, target, StandardCopyOption.ATOMIC_MOVE);
      return true;
    } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
      return false;
    } catch (FileSystemException e) {
      if (Files.exists(target) && Files.exists(written)) {
        return false;
      }
      throw e;
    }
  }

  /** One more than the largest numeric folder under the base, or 1. */
  long nextVersion() {
    return list("").stream().map(p -> p.getFileName().toString())
        .filter(n -> n.matches("\\d{1,18}")).mapToLong(Long::parseLong).max().orElse(0) + 1;
  }

  private List<Path> list(String prefix) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> list = Files.list(dir)) {
      return list.filter(p -> p.getFileName().toString().startsWith(prefix)).toList();
    } catch (IOException e) {
      throw new ExportException("cannot list the export base " + dir + ": " + e.getMessage(),
          "check that the folder is readable", e);
    }
  }

  dev.tftune.TftuneException versionExists(Path target) {
    return new ExportException("export version " + target + " exists already",
        "export as version(" + nextVersion() + "), or set overwrite(true) to replace it")
        .withFixKey(dev.tftune.FixKeys.EXPORT_VERSION_EXISTS, nextVersion());
  }
}
