package dev.tftune.graph;

import java.util.Optional;
import org.tensorflow.proto.MetaGraphDef;

/**
 * A change made to a meta graph before it is loaded, such as relaxing a fixed batch dimension
 * (and, later, inlining TF2 function calls).
 */
public interface GraphRewrite {

  /**
   * Rewrites the meta graph in place.
   *
   * @return what was changed, for the log; empty when the graph needed no change
   */
  Optional<String> apply(MetaGraphDef.Builder metaGraph);
}
