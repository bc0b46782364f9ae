package dev.tftune.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Example indices divided into a training part and a held-out part, drawn from a seed: the same
 * seed and sizes give the same division on every machine. Pure Java, so a split can be checked
 * (and reused) without a model.
 *
 * @param training indices to train on, in the order drawn
 * @param heldOut indices held out (validation or test), in the order drawn
 */
public record Split(int[] training, int[] heldOut) {

  public Split {
    training = training.clone();
    heldOut = heldOut.clone();
  }

  @Override
  public int[] training() {
    return training.clone();
  }

  @Override
  public int[] heldOut() {
    return heldOut.clone();
  }

  /**
   * A random split of {@code n} examples: the indices shuffled with {@code seed}, the last
   * {@code round(n * fraction)} held out, at least one kept for training.
   *
   * @param fraction the share held out, in [0, 1)
   */
  public static Split random(int n, double fraction, long seed) {
    requireFraction(fraction);
    int[] all = shuffled(range(n), new Random(seed));
    int held = Math.min((int) Math.round(n * fraction), Math.max(n - 1, 0));
    return new Split(Arrays.copyOfRange(all, 0, n - held), Arrays.copyOfRange(all, n - held, n));
  }

  /**
   * A split that holds out the same share of every class, so a small class is represented on
   * both sides: within each class the members are shuffled and the first
   * {@code round(size * fraction)} held out; the training part is shuffled once more, so its
   * classes are mixed.
   *
   * @param labels the class of each example, in [0, classes)
   * @param fraction the share of each class held out, in [0, 1)
   */
  public static Split stratified(int[] labels, int classes, double fraction, long seed) {
    requireFraction(fraction);
    List<List<Integer>> byClass = new ArrayList<>();
    for (int c = 0; c < classes; c++) {
      byClass.add(new ArrayList<>());
    }
    for (int i = 0; i < labels.length; i++) {
      byClass.get(labels[i]).add(i);
    }
    List<Integer> train = new ArrayList<>();
    List<Integer> held = new ArrayList<>();
    Random random = new Random(seed);
    for (List<Integer> members : byClass) {
      Collections.shuffle(members, random);
      int out = (int) Math.round(members.size() * fraction);
      held.addAll(members.subList(0, out));
      train.addAll(members.subList(out, members.size()));
    }
    Collections.shuffle(train, random);
    return new Split(train.stream().mapToInt(Integer::intValue).toArray(),
        held.stream().mapToInt(Integer::intValue).toArray());
  }

  /** The indices {@code 0 .. n-1}. */
  public static int[] range(int n) {
    int[] r = new int[n];
    Arrays.setAll(r, i -> i);
    return r;
  }

  /** A Fisher-Yates shuffle of a copy, drawing from {@code random}. */
  public static int[] shuffled(int[] values, Random random) {
    int[] out = values.clone();
    for (int i = out.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = out[i];
      out[i] = out[j];
      out[j] = t;
    }
    return out;
  }

  private static void requireFraction(double fraction) {
    if (!(fraction >= 0 && fraction < 1)) {
      throw new IllegalArgumentException("the held-out fraction " + fraction
          + " is not in [0, 1)");
    }
  }
}
