package dev.tftune.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tftune.data.TfRecords;
import dev.tftune.export.ServeCheck;
import dev.tftune.export.WarmupRequests;
import dev.tftune.export.serving.PredictionLog;
import dev.tftune.testing.TfRecordFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.types.TString;

/** What every export must give TF Serving, checked on exports of real models. */
final class ServingChecks {
  private ServingChecks() {}

  /**
   * The warm-up file reads back record for record through TensorFlow's reader, serve-check
   * runs every signature on it, and classify labels each score with the names of labels.txt.
   */
  static ServeCheck.Report assertServes(Path exportDir) throws IOException {
    Path file = WarmupRequests.file(exportDir);
    List<byte[]> records = TfRecords.read(file);
    assertTrue(!records.isEmpty(), "warm-up records in " + file);
    List<byte[]> byTensorFlow = TfRecordFiles.readWithTensorFlow(file, "", records.size());
    for (int i = 0; i < records.size(); i++) {
      assertArrayEquals(records.get(i), byTensorFlow.get(i), "warm-up record " + i);
    }
    ServeCheck.Report report = ServeCheck.run(exportDir);
    report.runs().forEach(r -> assertTrue(r.requests() > 0, r.signature().key() + " ran"));
    assertTrue(report.examplesMaxAbsDiff() <= 1e-5, "classify vs serving_default: "
        + report.examplesMaxAbsDiff());

    List<String> labels = Files.readAllLines(exportDir.resolve("assets/labels.txt"));
    PredictionLog classifyLog = WarmupRequests.read(exportDir).stream()
        .filter(PredictionLog::hasClassifyLog).findFirst().orElseThrow();
    byte[] example = classifyLog.getClassifyLog().getRequest().getInput().getExampleList()
        .getExamples(0).toByteArray();
    try (SavedModelBundle bundle = SavedModelBundle.load(exportDir.toString(), "serve");
        TString inputs = TString.tensorOfBytes(NdArrays.vectorOfObjects(example))) {
      SignatureDef classify = bundle.metaGraphDef().getSignatureDefOrThrow("classify");
      try (Result r = bundle.session().runner()
          .feed(classify.getInputsOrThrow("inputs").getName(), inputs)
          .fetch(classify.getOutputsOrThrow("classes").getName()).run()) {
        TString classes = (TString) r.get(0);
        assertEquals(labels.size(), classes.shape().size(1));
        for (int c = 0; c < labels.size(); c++) {
          assertEquals(labels.get(c), classes.getObject(0, c), "class " + c);
        }
      }
    }
    return report;
  }
}
