package dev.tftune.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.tensorflow.proto.Event;
import org.tensorflow.proto.Summary;

/**
 * Reads TensorBoard event files as TensorBoard's reader does: TFRecord framing (length, masked
 * CRC-32C of the length, data, masked CRC-32C of the data), each record an {@code Event}
 * protocol buffer. A bad checksum or a record that is not an Event fails the read.
 */
public final class EventFiles {
  private EventFiles() {}

  /** Scalars by tag, each a list of (step, value), over every event file in {@code dir}. */
  public static Map<String, List<double[]>> scalars(Path dir) throws IOException {
    Map<String, List<double[]>> out = new LinkedHashMap<>();
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.getFileName().toString().startsWith("events.out.tfevents"))
          .sorted().toList();
    }
    if (files.isEmpty()) {
      throw new IOException("no event file in " + dir);
    }
    for (Path file : files) {
      for (Event e : events(file)) {
        for (Summary.Value v : e.getSummary().getValueList()) {
          double value = v.hasSimpleValue() ? v.getSimpleValue()
              : v.getTensor().getFloatVal(0);
          out.computeIfAbsent(v.getTag(), t -> new ArrayList<>())
              .add(new double[] {e.getStep(), value});
        }
      }
    }
    return out;
  }

  /** Every event of one file, in order. */
  public static List<Event> events(Path file) throws IOException {
    ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    List<Event> events = new ArrayList<>();
    while (buf.hasRemaining()) {
      byte[] header = new byte[8];
      buf.get(header);
      long length = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).getLong();
      check(header, buf.getInt(), file, "length");
      byte[] data = new byte[Math.toIntExact(length)];
      buf.get(data);
      check(data, buf.getInt(), file, "record");
      events.add(Event.parseFrom(data));
    }
    return events;
  }

  private static void check(byte[] bytes, int masked, Path file, String what)
      throws IOException {
    CRC32C crc = new CRC32C();
    crc.update(bytes);
    int c = (int) crc.getValue();
    int expected = ((c >>> 15) | (c << 17)) + 0xa282ead8;
    if (expected != masked) {
      throw new IOException("bad " + what + " checksum in " + file);
    }
  }
}
