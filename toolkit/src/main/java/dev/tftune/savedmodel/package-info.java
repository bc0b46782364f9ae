/**
 * Import and inspection of SavedModels: {@link SavedModels} loads a folder as a
 * {@link BaseModel}, a graph and a session holding its restored variables, and uses a rewritten
 * graph only when every signature still computes what the original computes. The package also
 * holds what inspection reports ({@link ModelInfo}), the rule that binds data input keys to
 * signature inputs, the init op and asset files a model runs when it loads, and
 * {@link SavedModelWriter}, which writes the inference part of a live graph back as a SavedModel.
 * The general rewrites that make graphs trainable, such as function inlining, are in
 * {@code dev.tftune.graph}.
 */
package dev.tftune.savedmodel;
