/**
 * Classifier heads: {@link DenseHead} describes one (pooling of the feature tensor, optional
 * hidden dense layers with an activation and dropout, a final dense layer to one logit per
 * class), and {@link HeadGraph} is that head added to a graph, its variables shared by every
 * feature tensor it is applied to. Which tensor feeds the head, and how it trains, is decided in
 * {@code dev.tftune.train}.
 */
package dev.tftune.head;
