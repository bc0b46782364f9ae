package dev.tftune.savedmodel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tftune.graph.Tensors;
import dev.tftune.testing.Fixtures;
import dev.tftune.testing.VariableValues;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Result;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TString;

/**
 * What the import of TF2 SavedModels does beyond inlining, on the fixtures: object-graph
 * functions become signatures, training signatures are not run by the check, asset paths stay
 * valid.
 */
class Tf2ImportTest {

  @Test
  void aModulesCallFunctionBecomesASignatureComputingWTimesXPlusB() {
    try (BaseModel base = SavedModels.load(Fixtures.require("savedmodels/tf2/module-regression"))) {
      SignatureInfo call = base.signature("__call__");
      assertEquals(List.of("x"), List.copyOf(call.inputs().keySet()));
      assertEquals(List.of("output_0"), List.copyOf(call.outputs().keySet()));
      float w = scalar(base, "w");
      float b = scalar(base, "b");
      try (TFloat32 x = TFloat32.vectorOf(1f, -2f, 3f);
          Result r = base.session().runner().feed(call.inputs().get("x").name(), x)
              .fetch(call.outputs().get("output_0").name()).run()) {
        assertArrayEquals(new float[] {w + b, -2 * w + b, 3 * w + b},
            Tensors.floats((TFloat32) r.get(0)), 1e-6f);
      }
      assertEquals("__call__", base.defaultSignature().key());
    }
  }

  @Test
  void theCheckAfterInliningDoesNotRunATrainingSignature() {
    Path dir = Fixtures.require("savedmodels/tf2/module-regression");
    byte[] restored;
    try (BaseModel plain = SavedModels.load(dir, LoadOptions.defaults()
        .withInlineFunctions(false))) {
      restored = VariableValues.snapshot(plain).get("w");
    }
    try (BaseModel inlined = SavedModels.load(dir)) {
      assertTrue(inlined.rewrites().stream().anyMatch(r -> r.startsWith("inlined")));
      assertArrayEquals(restored, VariableValues.snapshot(inlined).get("w"),
          "w as restored from the checkpoint, no SGD step applied");
    }
  }

  @Test
  void assetPathsWrittenByTheInitOpPointAtTheModelsOwnAssets() throws Exception {
    Path dir = Fixtures.require("savedmodels/tf2/half-plus-two");
    try (BaseModel base = SavedModels.load(dir)) {
      assertTrue(base.rewrites().stream().anyMatch(r -> r.startsWith("inlined")));
      Ops tf = Ops.create(base.graph()).withSubScope("test_read_asset");
      try (Result r = base.session().runner()
          .fetch(tf.readVariableOp(base.graph().output("Variable"), TString.class)).run()) {
        Path asset = Path.of(((TString) r.get(0)).getObject());
        assertTrue(Files.isRegularFile(asset), asset + " exists");
        assertEquals(dir.resolve("assets/foo.txt").toRealPath(), asset.toRealPath());
      }
    }
  }

  private static float scalar(BaseModel base, String variable) {
    return VariableValues.floats(VariableValues.snapshot(base).get(variable))[0];
  }
}
