package dev.tftune.graph;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.Tensor;

/**
 * The tensors fed to one session run, owned together and closed together: every native tensor a
 * run needs is created into a {@code try (Feeds feeds = Feeds.of(session))} block, so none
 * outlives the run, whatever fails in between.
 *
 * <pre>{@code
 * try (Feeds feeds = Feeds.of(session)) {
 *   feeds.feed(labels, TInt32.vectorOf(ids));
 *   try (Result r = feeds.runner().fetch(loss).run()) { ... }
 * }
 * }</pre>
 */
public final class Feeds implements AutoCloseable {
  private final Session.Runner runner;
  private final List<Tensor> owned = new ArrayList<>();

  private Feeds(Session.Runner runner) {
    this.runner = runner;
  }

  /** A new run of the session. */
  public static Feeds of(Session session) {
    return new Feeds(session.runner());
  }

  /** The runner the tensors are fed to; fetch and target on it. */
  public Session.Runner runner() {
    return runner;
  }

  /** Feeds a tensor to an operand and takes ownership of it. */
  public <T extends Tensor> T feed(Operand<?> target, T tensor) {
    own(tensor);
    runner.feed(target, tensor);
    return tensor;
  }

  /** Feeds a tensor to a tensor name ({@code op:index} or an op name) and owns it. */
  public <T extends Tensor> T feed(String target, T tensor) {
    own(tensor);
    runner.feed(target, tensor);
    return tensor;
  }

  /** Takes ownership of a tensor fed some other way. */
  public <T extends Tensor> T own(T tensor) {
    owned.add(tensor);
    return tensor;
  }

  /** Takes ownership of tensors by key (a dataset's batch) and returns them. */
  public <T extends Tensor> Map<String, T> ownAll(Map<String, T> tensors) {
    owned.addAll(tensors.values());
    return tensors;
  }

  @Override
  public void close() {
    owned.forEach(Tensor::close);
    owned.clear();
  }
}
