package dev.tftune.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tftune.testing.TfRecordFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TString;

/** TFRecord files read and written here agree with TensorFlow's own reader and writer. */
class TfRecordsTest {
  @TempDir
  Path tmp;

  private static List<byte[]> records() {
    List<byte[]> records = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      byte[] r = new byte[i * 37];
      Arrays.fill(r, (byte) i);
      records.add(r);
    }
    records.add("last".getBytes(StandardCharsets.UTF_8));
    return records;
  }

  /** Writes the records with TensorFlow's DatasetToTFRecord op. */
  private static void writeWithTensorFlow(Path file, List<byte[]> records, String compression) {
    try (Graph g = new Graph(); Session s = new Session(g);
        TString values = TString.tensorOfBytes(
            NdArrays.vectorOfObjects(records.toArray(byte[][]::new)))) {
      Ops tf = Ops.create(g);
      s.runner().addTarget(tf.data.datasetToTfRecord(
          tf.data.tensorSliceDataset(List.of(tf.constantOf(values)), List.of(Shape.scalar())),
          tf.constant(file.toString()), tf.constant(compression))).run();
    }
  }

  private static List<byte[]> readWithTensorFlow(Path file, String compression, int count) {
    return TfRecordFiles.readWithTensorFlow(file, compression, count);
  }

  private static void assertSameRecords(List<byte[]> expected, List<byte[]> actual) {
    assertEquals(expected.size(), actual.size());
    for (int i = 0; i < expected.size(); i++) {
      assertArrayEquals(expected.get(i), actual.get(i), "record " + i);
    }
  }

  @Test
  void recordsWrittenHereReadBackThroughTensorFlowsReader() throws IOException {
    Path file = tmp.resolve("here.tfrecord");
    TfRecords.write(file, records());
    assertSameRecords(records(), readWithTensorFlow(file, "", records().size()));
  }

  @Test
  void aGzipNameWritesRecordsTensorFlowReadsAsGzip() throws IOException {
    Path file = tmp.resolve("here.tfrecord.gz");
    TfRecords.write(file, records());
    assertEquals(0x1f, Files.readAllBytes(file)[0] & 0xff);
    assertSameRecords(records(), readWithTensorFlow(file, "GZIP", records().size()));
  }

  @Test
  void recordsTensorFlowWroteReadHereWhetherPlainOrGzip() {
    Path plain = tmp.resolve("tf.tfrecord");
    Path gzip = tmp.resolve("tf.tfrecord.gz");
    writeWithTensorFlow(plain, records(), "");
    writeWithTensorFlow(gzip, records(), "GZIP");
    for (Path file : List.of(plain, gzip)) {
      assertSameRecords(records(), TfRecords.read(file));
    }
  }

  @Test
  void aDamagedByteFailsItsChecksumNamingTheRecord() throws IOException {
    Path file = tmp.resolve("damaged.tfrecord");
    TfRecords.write(file, records());
    byte[] bytes = Files.readAllBytes(file);
    // record 19 starts after records 0..18: 16 bytes of framing each plus 37 * i bytes of data
    int start = 0;
    for (int i = 0; i < 19; i++) {
      start += 16 + 37 * i;
    }
    bytes[start + 12 + 5] ^= 1;
    Files.write(file, bytes);
    DataException e = assertThrows(DataException.class, () -> TfRecords.read(file));
    assertTrue(e.getMessage().contains("record 19") && e.getMessage().contains("checksum"),
        e.getMessage());
  }

  @Test
  void aFileCutShortFailsNamingTheRecordItEndsIn() throws IOException {
    Path file = tmp.resolve("cut.tfrecord");
    TfRecords.write(file, records());
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(bytes, bytes.length - 3));
    DataException e = assertThrows(DataException.class, () -> TfRecords.read(file));
    assertTrue(e.getMessage().contains("ends inside record 20"), e.getMessage());
  }

  @Test
  void writingLeavesOnlyTheFinishedFile() throws IOException {
    Path file = tmp.resolve("out.tfrecord");
    TfRecords.write(file, records());
    try (var files = Files.list(tmp)) {
      assertEquals(List.of(file), files.toList());
    }
  }

  @Test
  void aWrittenFileGetsTheFolderDefaultPermissionsNotOwnerOnly() throws IOException {
    // TF Serving may run as another user than the one who exported
    Path file = tmp.resolve("out.tfrecord");
    TfRecords.write(file, records());
    Path plain = Files.write(tmp.resolve("plain"), new byte[1]);
    assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(file));
  }
}
