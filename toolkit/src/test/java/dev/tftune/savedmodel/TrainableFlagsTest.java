package dev.tftune.savedmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.CollectionDef;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SavedObjectGraphOuterClass.SavedObject;
import org.tensorflow.proto.SavedObjectGraphOuterClass.SavedObjectGraph;
import org.tensorflow.proto.SavedObjectGraphOuterClass.SavedVariable;
import org.tensorflow.proto.TrackableObjectGraphOuterClass.TrackableObjectGraph.TrackableObject.SlotVariableReference;
import org.tensorflow.proto.VariableDef;

/** Which variables a model's own metadata marks as not trained. */
class TrainableFlagsTest {

  @Test
  void tf2OptimizerSlotsAndUntrainableVariablesAreNotTrainable() {
    SavedObjectGraph objects = SavedObjectGraph.newBuilder()
        .addNodes(SavedObject.newBuilder().addSlotVariables(SlotVariableReference.newBuilder()
            .setOriginalVariableNodeId(1).setSlotVariableNodeId(2)))
        .addNodes(variable("dense/kernel", true))
        .addNodes(variable("Adam/dense/kernel/m", true))
        .addNodes(variable("Adam/iter", false))
        .build();
    MetaGraphDef meta = MetaGraphDef.newBuilder().setGraphDef(graph("dense/kernel",
        "Adam/dense/kernel/m", "Adam/iter")).setObjectGraphDef(objects).build();

    assertEquals(Map.of("dense/kernel", true, "Adam/dense/kernel/m", false, "Adam/iter", false),
        flags(meta));
  }

  @Test
  void tf1VariablesOutsideTheTrainableCollectionAreNotTrainable() {
    CollectionDef trainable = CollectionDef.newBuilder().setBytesList(
        CollectionDef.BytesList.newBuilder().addValue(VariableDef.newBuilder()
            .setVariableName("conv/weights:0").build().toByteString())).build();
    MetaGraphDef meta = MetaGraphDef.newBuilder().setGraphDef(graph("conv/weights",
        "global_step")).putCollectionDef("trainable_variables", trainable).build();

    assertEquals(Map.of("conv/weights", true, "global_step", false), flags(meta));
  }

  @Test
  void modelThatMarksNothingHasEveryVariableTrainable() {
    MetaGraphDef meta = MetaGraphDef.newBuilder().setGraphDef(graph("a", "b")).build();

    assertEquals(Set.of(), MetaGraphs.untrainable(meta));
    assertEquals(Map.of("a", true, "b", true), flags(meta));
  }

  private static Map<String, Boolean> flags(MetaGraphDef meta) {
    return MetaGraphs.variables(meta).stream()
        .collect(Collectors.toMap(VariableInfo::name, VariableInfo::trainable));
  }

  private static SavedObject variable(String name, boolean trainable) {
    return SavedObject.newBuilder().setVariable(SavedVariable.newBuilder().setName(name)
        .setTrainable(trainable).setDtype(DataType.DT_FLOAT)).build();
  }

  private static GraphDef graph(String... variables) {
    GraphDef.Builder graph = GraphDef.newBuilder();
    for (String name : variables) {
      graph.addNode(NodeDef.newBuilder().setName(name).setOp("VarHandleOp")
          .putAttr("dtype", AttrValue.newBuilder().setType(DataType.DT_FLOAT).build()));
    }
    return graph.build();
  }
}
