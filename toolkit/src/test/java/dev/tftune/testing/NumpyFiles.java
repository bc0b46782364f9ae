package dev.tftune.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Writes NumPy .npz archives (version 1 .npy entries) for tests, as numpy.savez does. */
public final class NumpyFiles {
  private NumpyFiles() {}

  /** A float32 array of the given shape (values in C order). */
  public record Floats(long[] shape, float[] values) {}

  /** Writes float32 arrays by name; integer arrays ({@code int[]}) go in as int64. */
  public static Path writeArchive(Path file, Map<String, Object> arrays) throws IOException {
    try (OutputStream out = Files.newOutputStream(file);
        ZipOutputStream zip = new ZipOutputStream(out)) {
      for (var e : arrays.entrySet()) {
        zip.putNextEntry(new ZipEntry(e.getKey() + ".npy"));
        zip.write(e.getValue() instanceof int[] ints ? npy(ints) : npy((Floats) e.getValue()));
        zip.closeEntry();
      }
    }
    return file;
  }

  private static byte[] npy(Floats a) {
    ByteBuffer data = ByteBuffer.allocate(4 * a.values().length).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : a.values()) {
      data.putFloat(v);
    }
    return npy("<f4", a.shape(), data.array());
  }

  private static byte[] npy(int[] ints) {
    ByteBuffer data = ByteBuffer.allocate(8 * ints.length).order(ByteOrder.LITTLE_ENDIAN);
    for (int v : ints) {
      data.putLong(v);
    }
    return npy("<i8", new long[] {ints.length}, data.array());
  }

  private static byte[] npy(String descr, long[] shape, byte[] data) {
    String dims = Arrays.stream(shape).mapToObj(Long::toString)
        .collect(Collectors.joining(", ")) + (shape.length == 1 ? "," : "");
    StringBuilder header = new StringBuilder("{'descr': '" + descr
        + "', 'fortran_order': False, 'shape': (" + dims + "), }");
    // NumPy pads the header with spaces so the data starts on a multiple of 64 bytes
    while ((10 + header.length() + 1) % 64 != 0) {
      header.append(' ');
    }
    header.append('\n');
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
    int n = header.length();
    out.write(n & 0xff);
    out.write(n >> 8);
    out.writeBytes(header.toString().getBytes(StandardCharsets.ISO_8859_1));
    out.writeBytes(data);
    return out.toByteArray();
  }
}
