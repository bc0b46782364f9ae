package dev.tftune.train;

import dev.tftune.ConfigurationException;
import dev.tftune.TftuneException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * Frozen-base features kept on disk, so that a later run with the same base, feature tensor,
 * pooling, preprocessing and data (another learning rate, another head) skips the base: files
 * {@code <key>-<n>.features} in a folder, one per dataset a run extracts (the training data
 * first), read memory-mapped. The key must change whenever any of those changes; the command
 * line makes it from their fingerprints. A file whose example count or width differs from the
 * data's is computed again.
 */
public final class FeatureCache {
  private static final int MAGIC = 0x54465446; // "TFTF"
  private static final int HEADER = 16;

  private final Path dir;
  private final String key;

  private FeatureCache(Path dir, String key) {
    this.dir = Objects.requireNonNull(dir);
    if (!key.matches("[A-Za-z0-9._-]+")) {
      throw new ConfigurationException("the feature cache key '" + key + "' is not a file name",
          "use letters, digits, '.', '_' and '-' (a hex fingerprint, say)");
    }
    this.key = key;
  }

  /** Features in {@code dir} under {@code key}. */
  public static FeatureCache in(Path dir, String key) {
    return new FeatureCache(dir, key);
  }

  /** The file of the {@code n}-th dataset a run extracts (0: the training data). */
  public Path file(int n) {
    return dir.resolve(key + "-" + n + ".features");
  }

  /** The features in a file, or null when it is missing or holds another shape. */
  FloatBuffer read(int n, int examples, int dim) {
    Path file = file(n);
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long expected = HEADER + 4L * examples * dim;
      if (ch.size() != expected) {
        return null;
      }
      ByteBuffer head = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN);
      ch.read(head, 0);
      head.flip();
      if (head.getInt() != MAGIC || head.getInt() != 1 || head.getInt() != examples
          || head.getInt() != dim) {
        return null;
      }
      return ch.map(FileChannel.MapMode.READ_ONLY, HEADER, expected - HEADER)
          .order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
    } catch (IOException e) {
      throw failure(file, e);
    }
  }

  /** Writes a dataset's features (to a temporary file renamed into place). */
  void write(int n, float[] values, int examples, int dim) {
    Path file = file(n);
    Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
    try {
      Files.createDirectories(dir);
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE,
          StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
        ByteBuffer head = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN)
            .putInt(MAGIC).putInt(1).putInt(examples).putInt(dim);
        head.flip();
        ch.write(head);
        ByteBuffer body = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
          if (!body.hasRemaining()) {
            body.flip();
            ch.write(body);
            body.clear();
          }
          body.putFloat(v);
        }
        body.flip();
        ch.write(body);
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw failure(file, e);
    }
  }

  private static TftuneException failure(Path file, IOException e) {
    return new TftuneException("cannot use the feature cache " + file + ": " + e.getMessage(),
        "check that the cache folder is writable and the disk has room, or turn the cache off",
        e);
  }

  @Override
  public String toString() {
    return file(0).toString();
  }
}
