/**
 * Root of tftune, holding what every package shares: {@link TftuneException}, the base of every
 * failure a user can cause, whose one-line message names the problem and its fix, and
 * {@link FixKeys}, which let a front end such as the command line word a fix in its own terms.
 * The toolkit's work is done in the packages below, from {@code savedmodel} (import) to
 * {@code train}.
 */
package dev.tftune;
