package dev.tftune.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.op.io.TfRecordReader;
import org.tensorflow.types.TString;

/** TFRecord files read by TensorFlow's own reader, which checks every record's checksums. */
public final class TfRecordFiles {
  private TfRecordFiles() {}

  /**
   * The first {@code count} records TensorFlow's TFRecordReader reads from the file; it fails
   * on a bad length or data checksum. The queue-fed reader is used because TensorFlow 2.18
   * cannot iterate a TFRecordDatasetV2 built from Java: copying the dataset's graph drops its
   * byte_offsets input.
   *
   * @param compression "" or "GZIP"
   */
  public static List<byte[]> readWithTensorFlow(Path file, String compression, int count) {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      var files = tf.io.fifoQueue(List.of(TString.class));
      s.runner().addTarget(tf.io.queueEnqueue(files, List.of(tf.constant(file.toString()))))
          .run();
      s.runner().addTarget(tf.io.queueClose(files)).run();
      var reader = tf.io.tfRecordReader(TfRecordReader.compressionType(compression));
      var read = tf.io.readerRead(reader, files);
      List<byte[]> records = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        try (var result = s.runner().fetch(read.value()).run()) {
          records.add(((TString) result.get(0)).asBytes().getObject());
        }
      }
      return records;
    }
  }
}
