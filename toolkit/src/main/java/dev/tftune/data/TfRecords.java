package dev.tftune.data;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * TFRecord files: each record its length (uint64, little-endian), the masked CRC32C of those 8
 * bytes, the data, and the masked CRC32C of the data. Written by hand because TF Java has the
 * reader only as graph ops, and the framing is a few lines that no Java library on Maven
 * Central keeps up.
 */
public final class TfRecords {
  private static final int MASK_DELTA = 0xa282ead8;

  private TfRecords() {}

  /** TensorFlow's masked CRC32C: rotated right by 15 bits plus a constant. */
  static int maskedCrc(byte[] data, int offset, int length) {
    CRC32C crc = new CRC32C();
    crc.update(data, offset, length);
    int c = (int) crc.getValue();
    return ((c >>> 15) | (c << 17)) + MASK_DELTA;
  }

  /**
   * Reads every record of a file, gzip-compressed or not (told by its first bytes, not by its
   * name).
   *
   * @throws DataException when the file is missing, ends inside a record, or a checksum does
   *     not match, naming the record
   */
  public static List<byte[]> read(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
      if (bytes.length >= 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
          bytes = in.readAllBytes();
        }
      }
    } catch (NoSuchFileException e) {
      throw new DataException("no file " + file, "check the path given to --data");
    } catch (IOException e) {
      throw new DataException("cannot read " + file + ": " + e.getMessage(),
          "check that the file is a readable TFRecord file (plain or gzip)");
    }
    List<byte[]> records = new ArrayList<>();
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    while (b.hasRemaining()) {
      int at = b.position();
      int index = records.size();
      if (b.remaining() < 12) {
        throw truncated(file, index);
      }
      long length = b.getLong();
      if (b.getInt() != maskedCrc(bytes, at, 8)) {
        throw corrupt(file, index, "length");
      }
      if (length < 0 || length > b.remaining() - 4L) {
        throw truncated(file, index);
      }
      byte[] data = new byte[(int) length];
      b.get(data);
      if (b.getInt() != maskedCrc(data, 0, data.length)) {
        throw corrupt(file, index, "data");
      }
      records.add(data);
    }
    return records;
  }

  /**
   * Writes records as one TFRecord file, gzip-compressed when its name ends in {@code .gz}
   * (TensorFlow reads it with compression type {@code GZIP}), else plain; the file appears
   * whole or not at all (written beside it, then moved into place).
   */
  public static void write(Path file, List<byte[]> records) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    // not Files.createTempFile: its owner-only permissions would stay on the finished file, and
    // a server running as another user (TF Serving reading warm-up records) could not read it
    Path tmp = dir.resolve(file.getFileName() + "." + java.util.UUID.randomUUID() + ".partial");
    try {
      boolean gzip = file.getFileName().toString().endsWith(".gz");
      try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(tmp,
          StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE))
          : Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        for (byte[] r : records) {
          ByteBuffer header = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
          header.putLong(r.length);
          header.putInt(maskedCrc(header.array(), 0, 8));
          out.write(header.array());
          out.write(r);
          ByteBuffer footer = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
          footer.putInt(maskedCrc(r, 0, r.length));
          out.write(footer.array());
        }
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static DataException truncated(Path file, int index) {
    return new DataException(file + " ends inside record " + index,
        "write the file again (it was cut short)");
  }

  private static DataException corrupt(Path file, int index, String part) {
    return new DataException("record " + index + " of " + file + " fails its " + part
        + " checksum", "write the file again; it is damaged");
  }
}
