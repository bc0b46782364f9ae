package dev.tftune.savedmodel;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tftune.graph.Graphs;
import dev.tftune.testing.Fixtures;
import org.junit.jupiter.api.Test;

/** The broken and awkward models of the fixtures fail clearly, or load where they can. */
class BadModelsTest {

  @Test
  void signatureDtypeMismatchFailsWithOneLineThatNamesTheFix() {
    var dir = Fixtures.require("savedmodels/bad/signature-dtype-mismatch");
    SavedModelException e = assertThrows(SavedModelException.class, () -> SavedModels.load(dir));
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
    assertTrue(e.getMessage().contains("DT_STRING") && e.getMessage().contains("fix:"),
        e.getMessage());
  }

  @Test
  void gpuPinnedGraphLoadsOnTheCpuBuildThroughSoftPlacement() {
    var dir = Fixtures.require("savedmodels/bad/gpu-pinned");
    try (BaseModel model = SavedModels.load(dir)) {
      assertFalse(model.signatures().isEmpty());
    }
  }

  @Test
  void tf2InternalInitSignatureIsNotListed() {
    var dir = Fixtures.require("savedmodels/tf2/keras-cnn-mnist");
    try (BaseModel model = SavedModels.load(dir)) {
      assertTrue(model.signatures().containsKey("serving_default"));
      assertFalse(model.signatures().keySet().stream().anyMatch(Graphs::isInternalSignature));
      assertTrue(model.format() == ModelFormat.TF2);
    }
  }
}
