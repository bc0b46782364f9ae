/**
 * TensorFlow graph machinery below the training API: the {@link GraphRewrite}s applied before
 * loading (TF2 function inlining, relaxed fixed input dimensions, BatchNorm switchable to
 * training mode), analyses that walk a GraphDef (gradient coverage, the boundary between frozen
 * and trained layers), and the gradients TensorFlow's C++ library lacks, registered from Java.
 * It also holds one view of ref and resource variables and small tensor, dtype and feed helpers;
 * it knows nothing of heads, optimizers or datasets.
 */
package dev.tftune.graph;
