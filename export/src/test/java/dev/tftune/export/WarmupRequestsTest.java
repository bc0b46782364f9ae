package dev.tftune.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tftune.ConfigurationException;
import dev.tftune.data.Dataset;
import dev.tftune.data.TfRecords;
import dev.tftune.export.serving.PredictRequest;
import dev.tftune.export.serving.PredictionLog;
import dev.tftune.graph.VariableKind;
import dev.tftune.optimizer.Optimizers;
import dev.tftune.savedmodel.BaseModel;
import dev.tftune.savedmodel.SavedModels;
import dev.tftune.testing.TfRecordFiles;
import dev.tftune.testing.TinyModels;
import dev.tftune.train.FineTuner;
import dev.tftune.train.TrainedModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Tensor;
import org.tensorflow.proto.Example;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.types.TFloat32;

/** TF Serving's warm-up file: framing TensorFlow reads, requests built from real examples. */
class WarmupRequestsTest {
  @TempDir
  Path tmp;

  private final Dataset data = TinyModels.separable(200, 3);

  private TrainedModel train(BaseModel base) {
    return FineTuner.builder().base(base).features("features")
        .optimizer(Optimizers.adam(0.05f)).epochs(2).build().fit(data);
  }

  private ServingExporter.Builder exporter(TrainedModel model) {
    return ServingExporter.builder(model).exportBase(tmp.resolve("out")).verifyWith(data);
  }

  private BaseModel base() {
    return SavedModels.load(TinyModels.write(tmp.resolve("m"), VariableKind.RESOURCE));
  }

  @Test
  void theWarmupFileIsReadRecordForRecordByTensorFlowsReader() {
    try (BaseModel base = base()) {
      ExportResult result = exporter(train(base)).build().export();
      Path file = result.directory().resolve("assets.extra/tf_serving_warmup_requests");
      assertTrue(Files.isRegularFile(file));
      List<byte[]> records = TfRecords.read(file);
      // each of the 10 examples goes to serving_default and to classify
      assertEquals(20, records.size());
      assertEquals(20, result.warmupRecords());
      List<byte[]> byTensorFlow = TfRecordFiles.readWithTensorFlow(file, "", records.size());
      for (int i = 0; i < records.size(); i++) {
        assertArrayEquals(records.get(i), byTensorFlow.get(i), "record " + i);
      }
    }
  }

  @Test
  void eachExampleIsAPredictRequestForServingDefaultThenAClassifyRequest() throws Exception {
    try (BaseModel base = base()) {
      Path dir = exporter(train(base)).build().export().directory();
      List<PredictionLog> logs = WarmupRequests.read(dir);
      float[] first = new float[TinyModels.INPUTS];
      Map<String, Tensor> batch = data.batch(new int[] {0}, 1);
      try {
        TFloat32 x = (TFloat32) batch.values().iterator().next();
        for (int j = 0; j < first.length; j++) {
          first[j] = x.getFloat(0, j);
        }
      } finally {
        batch.values().forEach(Tensor::close);
      }
      PredictRequest predict = logs.get(0).getPredictLog().getRequest();
      assertEquals("serving_default", predict.getModelSpec().getSignatureName());
      TensorProto x = TensorProto.parseFrom(predict.getInputsOrThrow("x"));
      try (TFloat32 fed = (TFloat32) ServingTensors.fromProto(x)) {
        assertArrayEquals(new long[] {1, TinyModels.INPUTS}, fed.shape().asArray());
        for (int j = 0; j < first.length; j++) {
          assertEquals(first[j], fed.getFloat(0, j));
        }
      }
      assertTrue(logs.get(1).hasClassifyLog());
      assertEquals("classify", logs.get(1).getClassifyLog().getRequest().getModelSpec()
          .getSignatureName());
      List<Example> examples = WarmupRequests.examples(logs.get(1)).stream().map(b -> {
        try {
          return Example.parseFrom(b);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
          throw new AssertionError(e);
        }
      }).toList();
      assertEquals(1, examples.size());
      List<Float> feature = examples.get(0).getFeatures().getFeatureOrThrow("x").getFloatList()
          .getValueList();
      for (int j = 0; j < first.length; j++) {
        assertEquals(first[j], feature.get(j));
      }
    }
  }

  @Test
  void zeroRecordsWritesNoWarmupFolder() {
    try (BaseModel base = base()) {
      ExportResult result = exporter(train(base)).warmupRecords(0).build().export();
      assertFalse(Files.exists(result.directory().resolve("assets.extra")));
      assertEquals(0, result.warmupRecords());
    }
  }

  @Test
  void moreRecordsThanTfServingReadsAreRefusedWithTheLimit() {
    try (BaseModel base = base()) {
      ServingExporter.Builder b = exporter(train(base));
      ConfigurationException e = assertThrows(ConfigurationException.class,
          () -> b.warmupRecords(1001));
      assertTrue(e.getMessage().contains("1000"), e.getMessage());
    }
  }
}
