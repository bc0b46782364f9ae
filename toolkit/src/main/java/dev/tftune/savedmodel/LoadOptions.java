package dev.tftune.savedmodel;

import dev.tftune.graph.GraphRewrite;
import java.util.ArrayList;
import java.util.List;
import dev.tftune.runtime.DeviceSettings;
import org.tensorflow.proto.ConfigProto;

/**
 * How to load a SavedModel. Immutable; start from {@link #defaults()}.
 *
 * @param tags the meta graph's tags; empty means {@code serve}, or the only meta graph
 * @param relaxBatch rewrite a batch dimension fixed in the signature inputs to a dynamic one
 *     when the graph allows it (default true)
 * @param config session configuration; the default allows soft placement so graphs pinned to a
 *     GPU run on a CPU build
 * @param rewrites further graph rewrites applied, in order, before loading (default none); a
 *     {@link CheckedRewrite} is kept only when it proves itself, any other is trusted as it is
 * @param inlineFunctions inline the function calls of TF2 graphs so they can be fine-tuned,
 *     used only when every signature computes the same outputs after it (default true)
 * @param unrollLoops unroll loops whose trip count is known when the graph is built (a Keras
 *     LSTM or GRU over fixed-length sequences) so their layers can be fine-tuned, used only when
 *     every signature computes the same outputs after it (default true)
 * @param signature the signature heads bind to, {@link BaseModel#defaultSignature()}: its
 *     inputs are fed and feature tensors are looked for before its outputs; null (the
 *     default) for {@code serving_default}, or the first signature
 * @param trustModel load a model whose graph has ops that act outside it (file writes and
 *     reads, {@code Abort}, Python calls; see {@link ModelSafety}); off by default, so such a
 *     model is refused before any of it runs
 */
public record LoadOptions(List<String> tags, boolean relaxBatch, ConfigProto config,
    List<GraphRewrite> rewrites, boolean inlineFunctions, boolean unrollLoops, String signature,
    boolean trustModel) {

  public LoadOptions {
    tags = List.copyOf(tags);
    rewrites = List.copyOf(rewrites);
  }

  /**
   * Tags {@code serve}, batch relaxing on, soft placement on, no further rewrites, TF2 function
   * calls inlined, loops of known length unrolled.
   */
  public static LoadOptions defaults() {
    return new LoadOptions(List.of(), true,
        ConfigProto.newBuilder().setAllowSoftPlacement(true).build(), List.of(), true, true,
        null, false);
  }

  public LoadOptions withTags(String... newTags) {
    return new LoadOptions(List.of(newTags), relaxBatch, config, rewrites, inlineFunctions,
        unrollLoops, signature, trustModel);
  }

  public LoadOptions withRelaxBatch(boolean relax) {
    return new LoadOptions(tags, relax, config, rewrites, inlineFunctions, unrollLoops,
        signature, trustModel);
  }

  /** The session on a device ({@link DeviceSettings#apply}, on top of the current config). */
  public LoadOptions withDevice(DeviceSettings device) {
    return withConfig(device.apply(config));
  }

  public LoadOptions withConfig(ConfigProto newConfig) {
    return new LoadOptions(tags, relaxBatch, newConfig, rewrites, inlineFunctions, unrollLoops,
        signature, trustModel);
  }

  public LoadOptions withInlineFunctions(boolean inline) {
    return new LoadOptions(tags, relaxBatch, config, rewrites, inline, unrollLoops, signature,
        trustModel);
  }

  public LoadOptions withUnrollLoops(boolean unroll) {
    return new LoadOptions(tags, relaxBatch, config, rewrites, inlineFunctions, unroll,
        signature, trustModel);
  }

  /** The signature heads bind to instead of {@code serving_default}. */
  public LoadOptions withSignature(String key) {
    return new LoadOptions(tags, relaxBatch, config, rewrites, inlineFunctions, unrollLoops,
        key, trustModel);
  }

  /**
   * Whether to load a model whose graph has ops that act outside it ({@link ModelSafety});
   * only for models from a source you trust.
   */
  public LoadOptions trustModel(boolean trust) {
    return new LoadOptions(tags, relaxBatch, config, rewrites, inlineFunctions, unrollLoops,
        signature, trust);
  }

  /** These options plus one more rewrite, applied after the ones already added. */
  public LoadOptions withRewrite(GraphRewrite rewrite) {
    List<GraphRewrite> all = new ArrayList<>(rewrites);
    all.add(rewrite);
    return new LoadOptions(tags, relaxBatch, config, all, inlineFunctions, unrollLoops,
        signature, trustModel);
  }
}
