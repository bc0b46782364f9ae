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

  /**
   * A file being written: rows go straight to disk at their example's place (no array of all
   * features on the heap), and {@link Writer#commit} renames it into place once whole.
   */
  final class Writer implements FeatureExtractor.Rows, AutoCloseable {
    private final Path file;
    private final Path tmp;
    private final int examples;
    private final FileChannel channel;
    private ByteBuffer row;
    private boolean committed;

    private Writer(int n, int examples) {
      this.file = file(n);
      this.tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
      this.examples = examples;
      try {
        Files.createDirectories(dir);
        channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.READ,
            StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
      } catch (IOException e) {
        throw failure(file, e);
      }
    }

    @Override
    public void start(int dim) {
      ByteBuffer head = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN)
          .putInt(MAGIC).putInt(1).putInt(examples).putInt(dim);
      head.flip();
      write(head, 0);
      row = ByteBuffer.allocate(4 * dim).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Override
    public void put(int example, float[] values, int offset, int dim) {
      row.clear();
      row.asFloatBuffer().put(values, offset, dim);
      row.limit(4 * dim);
      write(row, HEADER + 4L * example * dim);
    }

    private void write(ByteBuffer bytes, long position) {
      try {
        while (bytes.hasRemaining()) {
          position += channel.write(bytes, position);
        }
      } catch (IOException e) {
        throw failure(file, e);
      }
    }

    /** Closes the file and renames it into place. */
    void commit() {
      try {
        channel.close();
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
        committed = true;
      } catch (IOException e) {
        throw failure(file, e);
      }
    }

    /** Removes an unfinished file: nothing half-written is left. */
    @Override
    public void close() {
      try {
        channel.close();
        if (!committed) {
          Files.deleteIfExists(tmp);
        }
      } catch (IOException e) {
        throw failure(file, e);
      }
    }
  }

  /** A writer of the {@code n}-th dataset's features, {@code examples} of them. */
  Writer writer(int n, int examples) {
    return new Writer(n, examples);
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
