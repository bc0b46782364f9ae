package dev.tftune.savedmodel;

import dev.tftune.graph.GraphRewrite;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.proto.MetaGraphDef;

/**
 * A graph rewrite that stays only if it proves itself once loaded: {@link SavedModels} loads the
 * rewritten graph, asks {@link #prove} whether it computes what the graph before it computes,
 * and otherwise goes on with the graph before it, saying why. One mechanism for function
 * inlining (every signature compared on probe inputs), batch relaxing (a probe at another batch
 * size) and BERT's sequence-length relaxing (a probe text at two lengths); a rewrite of this
 * kind passed in {@link LoadOptions#withRewrite} goes through the same loop.
 */
public interface CheckedRewrite extends GraphRewrite {

  /** What {@link #prove} found: a failure (null when proven) and a detail for the log. */
  record Verdict(String failure, String detail) {
    public static Verdict proven(String detail) {
      return new Verdict(null, detail);
    }

    public static Verdict failed(String why) {
      return new Verdict(why, "");
    }
  }

  /** The graph before the rewrite, loaded only when a proof asks for it. */
  interface Before {
    SavedModelBundle bundle();

    MetaGraphDef graph();
  }

  /** Whether the rewritten model, loaded, computes what the graph before it computes. */
  Verdict prove(SavedModelBundle rewritten, MetaGraphDef rewrittenGraph, Before before);

  /** Logs that the rewrite is kept. */
  void kept(String change, Verdict verdict);

  /**
   * Logs that the graph before the rewrite is used instead.
   *
   * @return a note for the model's list of rewrites, or null for none
   */
  String refused(String change, String why);
}
