package dev.tftune.savedmodel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tftune.graph.VariableKind;
import dev.tftune.testing.TinyModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tensorflow.Output;

/** Loading and inspecting SavedModels, on the tiny models the tests write themselves. */
class SavedModelsTest {
  @TempDir
  Path tmp;

  @ParameterizedTest
  @EnumSource(VariableKind.class)
  void inspectListsTheThreeVariablesWithTheirKindAndShape(VariableKind kind) {
    try (BaseModel model = SavedModels.load(TinyModels.write(tmp.resolve("m"), kind))) {
      List<VariableInfo> variables = model.inspect().variables();

      assertEquals(List.of(
          new VariableInfo("base/hidden/kernel", new long[] {4, 6}, "float32", kind),
          new VariableInfo("base/hidden/bias", new long[] {6}, "float32", kind),
          new VariableInfo("base/out/kernel", new long[] {6, 3}, "float32", kind)),
          sortedLike(variables, List.of("base/hidden/kernel", "base/hidden/bias",
              "base/out/kernel")));
    }
  }

  @ParameterizedTest
  @EnumSource(VariableKind.class)
  void servingSignatureTakesXAndGivesFeaturesAndProbabilities(VariableKind kind) {
    try (BaseModel model = SavedModels.load(TinyModels.write(tmp.resolve("m"), kind))) {
      SignatureInfo sig = model.inspect().signatures().get("serving_default");

      assertEquals(List.of("x"), List.copyOf(sig.inputs().keySet()));
      assertEquals("float32", sig.inputs().get("x").dtype());
      assertArrayEquals(new long[] {-1, TinyModels.INPUTS}, sig.inputs().get("x").shape());
      assertEquals(Set.of("features", "probabilities"), sig.outputs().keySet());
      assertArrayEquals(new long[] {-1, TinyModels.CLASSES},
          sig.outputs().get("probabilities").shape());
    }
  }

  @ParameterizedTest
  @EnumSource(VariableKind.class)
  void graphWithoutObjectGraphIsTf1(VariableKind kind) {
    try (BaseModel model = SavedModels.load(TinyModels.write(tmp.resolve("m"), kind))) {
      assertEquals(ModelFormat.TF1, model.inspect().format());
      assertEquals(List.of("serve"), model.tags());
    }
  }

  @ParameterizedTest
  @EnumSource(VariableKind.class)
  void inspectionJsonHasTheDocumentedKeys(VariableKind kind) throws IOException {
    try (BaseModel model = SavedModels.load(TinyModels.write(tmp.resolve("m"), kind))) {
      JsonNode json = new ObjectMapper().readTree(model.inspect().toJson());

      List<String> keys = new ArrayList<>();
      json.fieldNames().forEachRemaining(keys::add);
      assertTrue(keys.containsAll(List.of("format", "tags", "signatures", "variables", "ops",
          "missingGradients")), "keys " + keys);
      assertEquals("tf1", json.get("format").asText());
      assertEquals(3, json.get("variables").size());
      assertEquals(kind.toString(), json.get("variables").get(0).get("kind").asText());
      assertTrue(json.get("signatures").has("serving_default"));
    }
  }

  @ParameterizedTest
  @EnumSource(VariableKind.class)
  void tinyModelCanBeDifferentiatedEverywhere(VariableKind kind) {
    try (BaseModel model = SavedModels.load(TinyModels.write(tmp.resolve("m"), kind))) {
      assertEquals(List.of(), List.copyOf(model.inspect().missingGradients()));
    }
  }

  @Test
  void tensorResolvesSignatureOutputKeysAndTensorNames() {
    try (BaseModel model = SavedModels.load(TinyModels.write(tmp.resolve("m"),
        VariableKind.RESOURCE))) {
      Output<?> byKey = model.tensor("probabilities");
      Output<?> byName = model.tensor(model.signature("serving_default").outputs()
          .get("probabilities").name());

      assertEquals(byKey.op().name(), byName.op().name());
      assertEquals(byKey.index(), byName.index());
    }
  }

  @Test
  void unknownTensorFailsWithSavedModelException() {
    try (BaseModel model = SavedModels.load(TinyModels.write(tmp.resolve("m"),
        VariableKind.RESOURCE))) {
      SavedModelException e = assertThrows(SavedModelException.class, () -> model.tensor("nope"));

      assertTrue(e.getMessage().contains("'nope'"), e.getMessage());
      assertTrue(e.getMessage().contains("probabilities"), "lists the outputs: " + e.getMessage());
    }
  }

  @Test
  void outputIndexBeyondTheOpsOutputsFailsWithSavedModelException() {
    try (BaseModel model = SavedModels.load(TinyModels.write(tmp.resolve("m"),
        VariableKind.RESOURCE))) {
      SavedModelException e = assertThrows(SavedModelException.class, () -> model.tensor("x:7"));

      assertTrue(e.getMessage().contains("no output"), e.getMessage());
    }
  }

  @Test
  void unknownSignatureFailsListingTheAvailableKeys() {
    try (BaseModel model = SavedModels.load(TinyModels.write(tmp.resolve("m"),
        VariableKind.REF))) {
      SavedModelException e = assertThrows(SavedModelException.class,
          () -> model.signature("nope"));

      assertTrue(e.getMessage().contains("'nope'"), e.getMessage());
      assertTrue(e.fix().contains("serving_default"), e.fix());
    }
  }

  @Test
  void missingFolderFailsWithOneLineMessageAndFix() {
    SavedModelException e = assertThrows(SavedModelException.class,
        () -> SavedModels.load(tmp.resolve("absent")));

    assertOneLineWithFix(e);
    assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
  }

  @Test
  void folderWithoutSavedModelPbFailsWithOneLineMessageAndFix() throws IOException {
    Path empty = Files.createDirectory(tmp.resolve("empty"));

    SavedModelException e = assertThrows(SavedModelException.class,
        () -> SavedModels.load(empty));

    assertOneLineWithFix(e);
    assertTrue(e.getMessage().contains("no saved_model.pb"), e.getMessage());
  }

  private static void assertOneLineWithFix(Exception e) {
    assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    assertTrue(e.getMessage().contains("fix:"), e.getMessage());
  }

  /** The variables in the given name order, so the check does not depend on graph order. */
  private static List<VariableInfo> sortedLike(List<VariableInfo> variables, List<String> order) {
    assertEquals(order.size(), variables.size(), "variables " + variables.stream()
        .map(VariableInfo::name).toList());
    Map<String, VariableInfo> byName = new HashMap<>();
    variables.forEach(v -> byName.put(v.name(), v));
    return order.stream().map(byName::get).toList();
  }
}
