package dev.tftune.run;

import dev.tftune.TftuneException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * SHA-256 fingerprints of models and data on disk: of a file's bytes, or of a folder's files
 * (their paths relative to it and their bytes, in path order), so a copy elsewhere has the same
 * fingerprint and any changed byte or renamed file gives another.
 */
public final class Fingerprints {
  private Fingerprints() {}

  /**
   * The fingerprint of a file or folder, as 64 hex digits.
   *
   * @throws TftuneException when it cannot be read
   */
  public static String of(Path path) {
    MessageDigest digest = sha256();
    try {
      if (Files.isDirectory(path)) {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(path)) {
          files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path f : files) {
          digest.update(path.relativize(f).toString().getBytes(StandardCharsets.UTF_8));
          digest.update((byte) 0);
          add(digest, f);
        }
      } else {
        add(digest, path);
      }
    } catch (IOException e) {
      throw new TftuneException("cannot read " + path + " to fingerprint it: " + e.getMessage(),
          "check that it exists and is readable", e);
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /** The fingerprint of a text (its UTF-8 bytes), as 64 hex digits. */
  public static String ofText(String text) {
    return HexFormat.of().formatHex(sha256().digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  private static void add(MessageDigest digest, Path file) throws IOException {
    byte[] buf = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buf)) > 0; ) {
        digest.update(buf, 0, n);
      }
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
