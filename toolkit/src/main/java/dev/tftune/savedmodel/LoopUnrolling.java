package dev.tftune.savedmodel;

import dev.tftune.graph.LoopUnroller;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.proto.MetaGraphDef;

/**
 * Loops with a trip count known when the graph is built unrolled into plain ops
 * ({@link LoopUnroller}) so recurrent layers can be fine-tuned, kept when every signature of
 * the unrolled graph gives the outputs of the graph before it on probe inputs.
 */
final class LoopUnrolling implements CheckedRewrite {
  private static final Logger LOG = LoggerFactory.getLogger(LoopUnrolling.class);
  /**
   * Largest difference tolerated between outputs before and after unrolling: the same ops run
   * in the same order, but a loop's body and the graph around it may be placed on different
   * kernels (oneDNN), which round differently.
   */
  private static final double TOLERANCE = 1e-5;

  private final LoopUnroller unroller = new LoopUnroller();

  @Override
  public Optional<String> apply(MetaGraphDef.Builder metaGraph) {
    Optional<String> change = unroller.apply(metaGraph);
    unroller.kept().forEach((loop, why) -> LOG.info("loops: {} kept as a loop, {}; layers "
        + "before it train only frozen", loop, why));
    return change;
  }

  @Override
  public Verdict prove(SavedModelBundle rewritten, MetaGraphDef rewrittenGraph, Before before) {
    return SignatureComparison.sameOutputs(rewritten, rewrittenGraph, before, TOLERANCE);
  }

  @Override
  public void kept(String change, Verdict verdict) {
    LOG.info("loops: {}; every signature computes the same outputs{}, and the recurrent "
        + "layers can be fine-tuned", change, verdict.detail());
  }

  @Override
  public String refused(String change, String why) {
    LOG.warn("loops: kept as loops ({}): layers before them train only frozen", why);
    return "loops kept: " + why;
  }
}
