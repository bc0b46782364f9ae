package dev.tftune.models.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tftune.TftuneException;
import dev.tftune.graph.VariableKind;
import dev.tftune.savedmodel.BaseModel;
import dev.tftune.savedmodel.SavedModels;
import dev.tftune.savedmodel.VariableInfo;
import dev.tftune.testing.Fixtures;
import dev.tftune.testing.TinyModels;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Feature tensors and residual blocks found from the graph of the real ResNet-32. */
class ResNetStructureTest {
  private static final String RESNET = "savedmodels/tf1/resnet32-cifar10";

  @TempDir
  Path tmp;

  @Test
  void theFeatureTensorIsTheGlobalPoolingBeforeTheLogits() {
    try (BaseModel base = SavedModels.load(Fixtures.require(RESNET))) {
      assertEquals("resnet_model/final_reduce_mean:0", FeatureTensors.find(base).tensor());
    }
  }

  @Test
  void resNet32HasFifteenResidualBlocks() {
    try (BaseModel base = SavedModels.load(Fixtures.require(RESNET))) {
      assertEquals(15, ResidualBlocks.find(base, "resnet_model/final_reduce_mean").count());
    }
  }

  @Test
  void theTopBlockIsItsTwoConvolutionsAndThreeBatchNormsGammaAndBeta() {
    try (BaseModel base = SavedModels.load(Fixtures.require(RESNET))) {
      List<String> trained = ResidualBlocks.find(base, "resnet_model/final_reduce_mean")
          .unfreezeTop(1).select(base.variables()).stream().map(VariableInfo::name).sorted()
          .toList();
      assertEquals(List.of("resnet_model/batch_normalization_28/beta",
          "resnet_model/batch_normalization_28/gamma", "resnet_model/batch_normalization_29/beta",
          "resnet_model/batch_normalization_29/gamma", "resnet_model/batch_normalization_30/beta",
          "resnet_model/batch_normalization_30/gamma", "resnet_model/conv2d_32/kernel",
          "resnet_model/conv2d_33/kernel"), trained);
    }
  }

  @Test
  void aGraphWithoutResidualConnectionsSaysHowToChooseVariables() {
    try (BaseModel base = SavedModels.load(TinyModels.write(tmp.resolve("m"),
        VariableKind.RESOURCE))) {
      TftuneException e = assertThrows(TftuneException.class,
          () -> ResidualBlocks.find(base, "features"));
      assertEquals(true, e.getMessage().contains("TrainingPlan.matching"), e.getMessage());
      assertEquals(dev.tftune.FixKeys.BLOCKS_NONE, e.fixKey());
    }
  }

  @Test
  void withoutPoolingTheInputOfTheLastDenseLayerIsChosen() {
    try (BaseModel base = SavedModels.load(TinyModels.write(tmp.resolve("m"),
        VariableKind.RESOURCE))) {
      assertEquals("features:0", FeatureTensors.find(base).tensor());
    }
  }
}
