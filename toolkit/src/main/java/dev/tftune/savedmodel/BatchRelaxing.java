package dev.tftune.savedmodel;

import dev.tftune.TftuneException;
import dev.tftune.graph.DataTypes;
import dev.tftune.graph.Feeds;
import dev.tftune.graph.RelaxInputDimension;
import dev.tftune.graph.Tensors;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.SignatureDef;

/**
 * A batch dimension fixed in the signature inputs relaxed to any size, kept when the graph runs
 * a batch of another size and its outputs follow it; otherwise batches are padded to the fixed
 * size and the padding is masked out.
 */
final class BatchRelaxing implements CheckedRewrite {
  private static final Logger LOG = LoggerFactory.getLogger(BatchRelaxing.class);
  private static final int PROBE_BATCH = 2;

  private final long fixedBatch;

  /** @param fixedBatch the batch size the signatures declare, for the log */
  BatchRelaxing(long fixedBatch) {
    this.fixedBatch = fixedBatch;
  }

  @Override
  public Optional<String> apply(MetaGraphDef.Builder metaGraph) {
    return RelaxInputDimension.batch().apply(metaGraph);
  }

  /** Runs the default (else the first) signature on a small batch. */
  @Override
  public Verdict prove(SavedModelBundle rewritten, MetaGraphDef rewrittenGraph, Before before) {
    SignatureDef sig = rewrittenGraph.getSignatureDefMap().getOrDefault("serving_default",
        rewrittenGraph.getSignatureDefMap().values().iterator().next());
    try (Feeds feeds = Feeds.of(rewritten.session())) {
      for (var in : sig.getInputsMap().values()) {
        long[] dims = DataTypes.dims(in.getTensorShape());
        if (dims == null || !List.of(DataType.DT_FLOAT, DataType.DT_INT32, DataType.DT_INT64)
                .contains(in.getDtype())) {
          return Verdict.failed("input " + in.getName() + " cannot be probed");
        }
        for (int i = 1; i < dims.length; i++) {
          if (dims[i] < 0) {
            return Verdict.failed("input " + in.getName() + " has unknown dimensions");
          }
        }
        dims[0] = PROBE_BATCH;
        feeds.feed(in.getName(), Tensors.zeros(in.getDtype(), Shape.of(dims)));
      }
      sig.getOutputsMap().values().forEach(out -> feeds.runner().fetch(out.getName()));
      try (Result result = feeds.runner().run()) {
        for (var entry : result) {
          Shape shape = entry.getValue().shape();
          if (shape.numDimensions() > 0 && shape.size(0) != PROBE_BATCH) {
            return Verdict.failed("output " + entry.getKey() + " keeps batch "
                + shape.size(0));
          }
        }
      }
      return Verdict.proven("");
    } catch (RuntimeException e) {
      // any failure means the graph does not take other batch sizes (TF reports shape errors
      // as TFInvalidArgumentException, which is not a TensorFlowException)
      return Verdict.failed(TftuneException.firstLine(e.getMessage()));
    }
  }

  @Override
  public void kept(String change, Verdict verdict) {
    LOG.info("batch: {}; the model takes any batch size", change);
  }

  @Override
  public String refused(String change, String why) {
    LOG.info("batch: the graph needs exactly {} examples per run ({}); batches are padded to {} "
        + "and the padding is masked out", fixedBatch, why, fixedBatch);
    return null;
  }
}
