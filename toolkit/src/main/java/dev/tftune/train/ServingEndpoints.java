package dev.tftune.train;

import dev.tftune.data.InputPreparation;
import dev.tftune.savedmodel.Initialization;
import java.util.List;
import java.util.Map;
import org.tensorflow.Output;
import org.tensorflow.types.TFloat32;

/**
 * The inference path of a fine-tuned model inside its graph, as the exporter needs it: the
 * base model's inputs by signature key and the head's outputs, without dropout.
 *
 * @param inputs signature input key to the base model's input tensor
 * @param datasetKeys dataset input key ({@code image}) to the signature input key it feeds
 * @param outputs the head's outputs by signature output key: {@code probabilities} and
 *     {@code classes} of a classifier, {@code predictions} of a regression
 * @param scores the float output among them that an export is verified on
 * @param classNames the classes by index; a regression's output names
 * @param baseInitialization what the base model runs when it loads (tables, assets), for the
 *     export to carry where its graph needs it
 * @param preparation how inputs were made from examples, for clients of the export
 */
public record ServingEndpoints(Map<String, Output<?>> inputs, Map<String, String> datasetKeys,
    Map<String, Output<?>> outputs, Output<TFloat32> scores, List<String> classNames,
    Initialization baseInitialization, InputPreparation preparation) {

  public ServingEndpoints {
    inputs = Map.copyOf(inputs);
    datasetKeys = Map.copyOf(datasetKeys);
    outputs = Map.copyOf(outputs);
    classNames = List.copyOf(classNames);
  }
}
