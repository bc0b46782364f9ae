package dev.tftune.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tftune.TftuneException;
import dev.tftune.graph.VariableKind;
import dev.tftune.savedmodel.VariableInfo;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which base variables a plan selects for training. */
class TrainingPlanTest {
  private static final VariableInfo HIDDEN_KERNEL = floatVariable("base/hidden/kernel", 4, 6);
  private static final VariableInfo HIDDEN_BIAS = floatVariable("base/hidden/bias", 6);
  private static final VariableInfo OUT_KERNEL = floatVariable("base/out/kernel", 6, 3);
  private static final VariableInfo GLOBAL_STEP = new VariableInfo("base/global_step",
      new long[0], "int64", VariableKind.REF);
  private static final List<VariableInfo> VARIABLES =
      List.of(HIDDEN_KERNEL, HIDDEN_BIAS, GLOBAL_STEP, OUT_KERNEL);

  @Test
  void expressionSelectsEveryVariableWhoseNameItFindsAnywhere() {
    assertEquals(List.of(HIDDEN_KERNEL, HIDDEN_BIAS),
        TrainingPlan.matching("hidden").select(VARIABLES));
  }

  @Test
  void expressionAlsoSelectsByObjectGraphPath() {
    assertEquals(List.of(OUT_KERNEL), TrainingPlan.matching("^layer_with_weights-1/")
        .select(VARIABLES, java.util.Map.of("base/hidden/kernel", "layer_with_weights-0/kernel",
            "base/out/kernel", "layer_with_weights-1/kernel")));
  }

  @Test
  void anchoredExpressionSelectsOnlyTheWholeName() {
    assertEquals(List.of(HIDDEN_KERNEL),
        TrainingPlan.matching("^base/hidden/kernel$").select(VARIABLES));
  }

  @Test
  void unanchoredExpressionIsNotAWholeNameMatch() {
    assertEquals(List.of(HIDDEN_KERNEL, OUT_KERNEL),
        TrainingPlan.matching("kernel").select(VARIABLES));
  }

  @Test
  void variablesSelectedByTwoExpressionsAppearOnceInFirstMatchOrder() {
    assertEquals(List.of(OUT_KERNEL, HIDDEN_KERNEL, HIDDEN_BIAS),
        TrainingPlan.matching("out", "kernel", "hidden").select(VARIABLES));
  }

  @Test
  void nonFloatVariablesAreNeverSelected() {
    List<VariableInfo> selected = TrainingPlan.matching("base/").select(VARIABLES);

    assertEquals(List.of(HIDDEN_KERNEL, HIDDEN_BIAS, OUT_KERNEL), selected);
    assertFalse(selected.contains(GLOBAL_STEP));
  }

  @Test
  void expressionMatchingNothingFailsNamingTheExpressionAndTheFix() {
    TftuneException e = assertThrows(TftuneException.class,
        () -> TrainingPlan.matching("decoder").select(VARIABLES));

    assertTrue(e.getMessage().contains("'decoder' matches no trainable float32 variable"), e.getMessage());
    assertTrue(e.getMessage().contains("fix:"), e.getMessage());
    assertTrue(e.fix().contains("BaseModel.inspect()"), e.fix());
    assertEquals(dev.tftune.FixKeys.PLAN_NO_MATCH, e.fixKey());
    assertTrue(e.fix().contains("base/hidden/kernel"), "the fix lists example names: " + e.fix());
  }

  @Test
  void variablesTheModelMarksNotTrainableAreNeverSelected() {
    VariableInfo slot = new VariableInfo("base/hidden/kernel/Adam/m", new long[] {4, 6},
        "float32", VariableKind.RESOURCE, false);
    List<VariableInfo> withSlot = List.of(HIDDEN_KERNEL, slot, HIDDEN_BIAS);

    assertEquals(List.of(HIDDEN_KERNEL), TrainingPlan.matching("hidden/kernel").select(withSlot));
  }

  @Test
  void expressionMatchingOnlyANonFloatVariableFails() {
    assertThrows(TftuneException.class,
        () -> TrainingPlan.matching("global_step").select(VARIABLES));
  }

  @Test
  void invalidExpressionFailsWhenThePlanIsMade() {
    TftuneException e = assertThrows(TftuneException.class,
        () -> TrainingPlan.matching("base/(hidden"));

    assertTrue(e.getMessage().contains("not a valid regular expression"), e.getMessage());
    assertTrue(e.getMessage().contains("base/(hidden"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    assertFalse(e.fix().isEmpty());
  }

  @Test
  void headOnlyPlanSelectsNothing() {
    TrainingPlan plan = TrainingPlan.headOnly();

    assertTrue(plan.isHeadOnly());
    assertTrue(plan.select(VARIABLES).isEmpty());
  }

  @Test
  void planWithAnExpressionIsNotHeadOnly() {
    assertFalse(TrainingPlan.matching("hidden").isHeadOnly());
  }

  private static VariableInfo floatVariable(String name, long... shape) {
    return new VariableInfo(name, shape, "float32", VariableKind.RESOURCE);
  }
}
