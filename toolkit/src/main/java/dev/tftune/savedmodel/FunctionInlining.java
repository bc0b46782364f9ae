package dev.tftune.savedmodel;

import dev.tftune.graph.FunctionInliner;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.proto.MetaGraphDef;

/**
 * TF2 function calls inlined so gradients flow through them, kept when every signature of the
 * inlined graph gives the outputs of the original on probe inputs.
 */
final class FunctionInlining implements CheckedRewrite {
  private static final Logger LOG = LoggerFactory.getLogger(FunctionInlining.class);
  /** Largest difference tolerated between a graph's outputs before and after inlining. */
  private static final double TOLERANCE = 1e-6;

  @Override
  public Optional<String> apply(MetaGraphDef.Builder metaGraph) {
    return new FunctionInliner().apply(metaGraph);
  }

  @Override
  public Verdict prove(SavedModelBundle rewritten, MetaGraphDef rewrittenGraph, Before before) {
    return SignatureComparison.sameOutputs(rewritten, rewrittenGraph, before, TOLERANCE);
  }

  @Override
  public void kept(String change, Verdict verdict) {
    LOG.info("functions: {}; every signature computes the same outputs{}", change,
        verdict.detail());
  }

  @Override
  public String refused(String change, String why) {
    LOG.warn("functions: calls kept as they are ({}): fine-tuning through them is unavailable, "
        + "frozen use works", why);
    return "function calls kept: " + why;
  }
}
