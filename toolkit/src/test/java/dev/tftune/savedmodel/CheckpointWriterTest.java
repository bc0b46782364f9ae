package dev.tftune.savedmodel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tftune.graph.Tensors;
import dev.tftune.graph.VariableKind;
import dev.tftune.testing.TinyModels;
import dev.tftune.testing.VariableValues;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.op.Ops;
import org.tensorflow.op.train.Restore;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TType;

/** A checkpoint holds the variables' current values, as TensorFlow's own RestoreV2 reads them. */
class CheckpointWriterTest {
  @TempDir
  Path tmp;

  @ParameterizedTest
  @EnumSource(VariableKind.class)
  void restoreV2ReadsBackEveryVariableBitForBit(VariableKind kind) {
    try (BaseModel base = SavedModels.load(TinyModels.write(tmp.resolve("m"), kind))) {
      List<String> names = base.variables().stream().map(VariableInfo::name).toList();
      String prefix = tmp.resolve("ckpt").resolve("step-1").toString();
      CheckpointWriter.of(base.session()).write(names, prefix);
      assertTrue(Files.exists(Path.of(prefix + ".index")), "the index is written");
      Map<String, byte[]> live = VariableValues.snapshot(base);
      try (Graph g = new Graph(); Session s = new Session(g)) {
        Ops tf = Ops.create(g);
        Restore restore = tf.train.restore(tf.constant(prefix),
            tf.constant(NdArrays.vectorOfObjects(names.toArray(String[]::new))),
            tf.constant(NdArrays.vectorOfObjects(names.stream().map(n -> "")
                .toArray(String[]::new))), floatTypes(names.size()));
        Session.Runner runner = s.runner();
        restore.tensors().forEach(runner::fetch);
        try (Result r = runner.run()) {
          for (int i = 0; i < names.size(); i++) {
            assertArrayEquals(VariableValues.floats(live.get(names.get(i))),
                Tensors.floats((TFloat32) r.get(i)), names.get(i));
          }
        }
      }
    }
  }

  @Test
  void aNameThatIsNoVariableIsRefused() {
    try (BaseModel base = SavedModels.load(TinyModels.write(tmp.resolve("m"),
        VariableKind.RESOURCE))) {
      assertThrows(IllegalArgumentException.class, () -> CheckpointWriter.of(base.session())
          .write(List.of("features"), tmp.resolve("c").toString()));
    }
  }

  private static List<Class<? extends TType>> floatTypes(int n) {
    List<Class<? extends TType>> types = new java.util.ArrayList<>();
    for (int i = 0; i < n; i++) {
      types.add(TFloat32.class);
    }
    return types;
  }
}
