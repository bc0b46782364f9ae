package dev.tftune.savedmodel;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one rule by which a dataset's input keys meet a signature's inputs, for training and for
 * running an export alike: a key recorded at training time wins, then a signature input of the
 * same name, then, when the data has one input and the signature takes one, that one.
 */
public final class InputBinding {
  private InputBinding() {}

  /**
   * Dataset input key to signature input key, in the data's order.
   *
   * @param recorded mappings recorded when the model was trained (an export's); may be empty
   * @throws SavedModelException when a data input meets no signature input
   */
  public static Map<String, String> bind(List<String> dataKeys, SignatureInfo signature,
      Map<String, String> recorded) {
    Set<String> inputs = signature.inputs().keySet();
    Map<String, String> out = new LinkedHashMap<>();
    for (String key : dataKeys) {
      String to = recorded.get(key);
      if (to == null || !inputs.contains(to)) {
        to = inputs.contains(key) ? key
            : dataKeys.size() == 1 && inputs.size() == 1 ? inputs.iterator().next() : null;
      }
      if (to == null) {
        throw new SavedModelException("the data provides inputs " + dataKeys + " but signature "
            + signature.key() + " takes " + inputs,
            "use data whose inputs match the model's signature");
      }
      out.put(key, to);
    }
    return out;
  }
}
