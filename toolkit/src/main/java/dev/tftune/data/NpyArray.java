package dev.tftune.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * One array of a NumPy {@code .npy} file (or of an {@code .npz} archive of them): numbers as
 * floats, or strings. Written by hand because the format is small and fixed (a magic string,
 * a header that is a Python dict literal, then the data in C order) and no well-kept Java
 * library on Maven Central reads it without pulling in a numerical stack.
 *
 * @param shape the array's shape
 * @param dtype NumPy's type string ({@code <f4}, {@code <i8}, {@code <U5}, ...)
 * @param numbers the values in C order for numeric arrays; null for strings
 * @param strings the values in C order for string arrays ({@code U}, {@code S}); null for
 *     numbers
 */
public record NpyArray(long[] shape, String dtype, float[] numbers, String[] strings) {
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");
  private static final Pattern TYPE = Pattern.compile("([<>|=])([fiubUS])(\\d+)");

  /** The number of examples: the first dimension (1 for a scalar). */
  public int rows() {
    return shape.length == 0 ? 1 : Math.toIntExact(shape[0]);
  }

  /** Values per example: the product of the dimensions after the first. */
  public int width() {
    long w = 1;
    for (int d = 1; d < shape.length; d++) {
      w *= shape[d];
    }
    return Math.toIntExact(w);
  }

  /**
   * Reads a {@code .npy} file.
   *
   * @throws DataException when it is missing or not an array NumPy wrote in C order with a
   *     numeric or fixed-width string dtype
   */
  public static NpyArray read(Path file) {
    try {
      return parse(Files.readAllBytes(file), file.toString());
    } catch (NoSuchFileException e) {
      throw new DataException("no file " + file, "check the path given to --data");
    } catch (IOException e) {
      throw new DataException("cannot read " + file + ": " + e.getMessage(),
          "check that the file is readable");
    }
  }

  /**
   * Reads every array of an {@code .npz} archive ({@code np.savez} or
   * {@code np.savez_compressed}), by name without {@code .npy}, in archive order.
   *
   * @throws DataException as {@link #read(Path)}, or when the file is not a zip archive
   */
  public static Map<String, NpyArray> readArchive(Path file) {
    Map<String, NpyArray> arrays = new LinkedHashMap<>();
    try (ZipFile zip = new ZipFile(file.toFile())) {
      for (ZipEntry entry : java.util.Collections.list(zip.entries())) {
        String name = entry.getName();
        if (entry.isDirectory() || !name.endsWith(".npy")) {
          continue;
        }
        try (InputStream in = zip.getInputStream(entry)) {
          arrays.put(name.substring(0, name.length() - 4),
              parse(in.readAllBytes(), file + ":" + name));
        }
      }
    } catch (NoSuchFileException | java.io.FileNotFoundException e) {
      throw new DataException("no file " + file, "check the path given to --data");
    } catch (IOException e) {
      throw new DataException(file + " is not an .npz archive: " + e.getMessage(),
          "write it with numpy.savez or numpy.savez_compressed");
    }
    return arrays;
  }

  static NpyArray parse(byte[] bytes, String source) {
    if (bytes.length < 10 || !Arrays.equals(Arrays.copyOf(bytes, 6), MAGIC)) {
      throw new DataException(source + " is not a NumPy .npy array", "write it with numpy.save");
    }
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int major = bytes[6];
    int headerLength = major == 1 ? Short.toUnsignedInt(b.getShort(8)) : b.getInt(8);
    int dataStart = (major == 1 ? 10 : 12) + headerLength;
    if (headerLength < 0 || dataStart > bytes.length) {
      throw new DataException(source + " ends inside its header", "write it again");
    }
    String header = new String(bytes, major == 1 ? 10 : 12, headerLength,
        major >= 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    String descr = group(DESCR, header, source);
    if ("True".equals(group(FORTRAN, header, source))) {
      throw new DataException(source + " is stored in Fortran order",
          "save numpy.ascontiguousarray(a) instead");
    }
    long[] shape = Arrays.stream(group(SHAPE, header, source).split(","))
        .map(String::strip).filter(d -> !d.isEmpty()).mapToLong(Long::parseLong).toArray();
    Matcher t = TYPE.matcher(descr);
    if (!t.matches()) {
      throw new DataException(source + " holds dtype '" + descr + "', which tftune does not "
          + "read", "save numbers (float, int, uint, bool) or fixed-width strings, not Python "
          + "objects (numpy.asarray(a, dtype=str) or an integer encoding)");
    }
    ByteBuffer data = ByteBuffer.wrap(bytes, dataStart, bytes.length - dataStart).slice()
        .order(t.group(1).equals(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    char kind = t.group(2).charAt(0);
    int size = Integer.parseInt(t.group(3));
    long needed = n * (kind == 'U' ? 4L * size : size);
    if (needed > data.remaining()) {
      throw new DataException(source + " holds " + data.remaining() + " bytes of data, and its "
          + "shape " + Arrays.toString(shape) + " needs " + needed, "write it again");
    }
    int count = Math.toIntExact(n);
    if (kind == 'U' || kind == 'S') {
      String[] strings = new String[count];
      for (int i = 0; i < count; i++) {
        byte[] cell = new byte[kind == 'U' ? 4 * size : size];
        data.get(cell);
        strings[i] = (kind == 'U' ? new String(cell, java.nio.charset.Charset.forName(
            data.order() == ByteOrder.BIG_ENDIAN ? "UTF-32BE" : "UTF-32LE"))
            : new String(cell, StandardCharsets.UTF_8)).replace("\0", "");
      }
      return new NpyArray(shape, descr, null, strings);
    }
    float[] numbers = new float[count];
    for (int i = 0; i < count; i++) {
      numbers[i] = number(data, kind, size, source, descr);
    }
    return new NpyArray(shape, descr, numbers, null);
  }

  private static float number(ByteBuffer data, char kind, int size, String source,
      String descr) {
    return switch (kind + String.valueOf(size)) {
      case "f4" -> data.getFloat();
      case "f8" -> (float) data.getDouble();
      case "i1" -> data.get();
      case "i2" -> data.getShort();
      case "i4" -> data.getInt();
      case "i8" -> data.getLong();
      case "u1", "b1" -> Byte.toUnsignedInt(data.get());
      case "u2" -> Short.toUnsignedInt(data.getShort());
      case "u4" -> Integer.toUnsignedLong(data.getInt());
      case "u8" -> {
        long v = data.getLong();
        yield v >= 0 ? v : (v >>> 1) * 2f; // above 2^63: the float is approximate anyway
      }
      default -> throw new DataException(source + " holds dtype '" + descr + "', which tftune "
          + "does not read", "save float32, float64 or integers");
    };
  }

  private static String group(Pattern p, String header, String source) {
    Matcher m = p.matcher(header);
    if (!m.find()) {
      throw new DataException(source + " has a header without " + p.pattern().split("'")[1]
          + ": " + header.strip(), "write it with numpy.save");
    }
    return m.group(1);
  }
}
