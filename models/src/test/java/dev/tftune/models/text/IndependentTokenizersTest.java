package dev.tftune.models.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.modality.nlp.DefaultVocabulary;
import ai.djl.modality.nlp.bert.BertFullTokenizer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tftune.models.testing.BertVocab;
import dev.tftune.models.testing.Sst2;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link WordPieceTokenizer} against two independent implementations of BERT's tokenization, on
 * BERT-base uncased's real vocabulary, token for token:
 *
 * <ul>
 *   <li>HuggingFace tokenizers (Rust, through DJL's binding, {@code ai.djl.huggingface:tokenizers};
 *       its native library ships in the jar): {@code BertNormalizer}, {@code BertPreTokenizer} and
 *       {@code WordPiece}, configured as the reference (no added special tokens, so text such as
 *       "[CLS]" is split like the reference splits it, and the reference's word limit of 200).
 *       It is the port that follows the reference most closely, so it is compared in both the
 *       uncased and the cased mode.
 *   <li>DJL's {@code BertFullTokenizer} (pure Java, {@code ai.djl:api}), compared in the uncased
 *       mode only: it strips accents even when not lower-casing, unlike the reference.
 * </ul>
 *
 * <p>Where an implementation departs from the reference, the departing cases are named below with
 * the reason, and the test asserts they still differ, so a stale exclusion fails too. The other
 * cases, and every sentence of SST-2's dev set, must agree exactly.
 */
class IndependentTokenizersTest {
  /** The reference's limit ({@code max_input_chars_per_word=200}); HuggingFace defaults to 100. */
  private static final int MAX_WORD = WordPieceTokenizer.DEFAULT_MAX_WORD_LENGTH;

  /** Hand-picked texts that exercise each rule of the reference, by name. */
  private static final Map<String, String> EDGE_CASES = new LinkedHashMap<>();

  static {
    EDGE_CASES.put("accents", "Crème Brûlée à la carte, naïve façade");
    EDGE_CASES.put("accented capitals", "ÀÉÎÕÜ ÇÑ");
    EDGE_CASES.put("stacked accents", "Tiếng Việt có dấu");
    EDGE_CASES.put("decomposed accent", "e\u0301te\u0301");
    EDGE_CASES.put("lone combining mark", "\u0301 \u0308");
    EDGE_CASES.put("dotted capital I", "İstanbul IŞIK ılık");
    EDGE_CASES.put("sharp s", "Straße STRASSE");
    EDGE_CASES.put("final sigma", "ΟΔΥΣΣΕΥΣ ΣΑΣ σας Σ ΑΣ.Α");
    EDGE_CASES.put("Chinese", "我爱北京天安门");
    EDGE_CASES.put("Chinese in Latin", "abc我们def");
    EDGE_CASES.put("Japanese kana are not split", "日本語のテキスト");
    EDGE_CASES.put("Hangul", "한국어 텍스트");
    EDGE_CASES.put("CJK extension B", "\uD840\uDC00\uD840\uDC01abc");
    EDGE_CASES.put("CJK extension E start", "x\uD86E\uDC20\uD86E\uDCFFy");
    EDGE_CASES.put("CJK compatibility ideographs", "豈更車");
    EDGE_CASES.put("emoji", "I love it 😀👍🏽!");
    EDGE_CASES.put("emoji ZWJ sequence", "👨‍👩‍👧 family");
    EDGE_CASES.put("flag", "🇫🇷 flag");
    EDGE_CASES.put("variation selector", "❤️ heart");
    EDGE_CASES.put("NUL", "a\u0000b");
    EDGE_CASES.put("C0 controls", "a\u0007b\u001bc\u001cd");
    EDGE_CASES.put("tab newline carriage return", "tab\tnew\nline\rcr");
    EDGE_CASES.put("C1 control NEL", "x\u0085y");
    EDGE_CASES.put("replacement character", "\ufffd replaced\ufffd");
    EDGE_CASES.put("DEL", "del\u007fete");
    EDGE_CASES.put("zero-width space", "zero\u200bwidth");
    EDGE_CASES.put("zero-width joiners", "a\u200cb\u200dc");
    EDGE_CASES.put("byte order mark", "\ufeffBOM");
    EDGE_CASES.put("soft hyphen", "soft\u00adhyphen");
    EDGE_CASES.put("word joiner", "word\u2060joiner");
    EDGE_CASES.put("Unicode spaces", "a\u00a0b\u2003c\u3000d\u202fe");
    EDGE_CASES.put("line and paragraph separators", "line\u2028sep\u2029para");
    EDGE_CASES.put("Mongolian vowel separator", "a\u180eb");
    EDGE_CASES.put("private use", "\ue000 private");
    EDGE_CASES.put("unassigned code point", "\u0378 unassigned");
    EDGE_CASES.put("word of 200 letters", "a".repeat(200));
    EDGE_CASES.put("word of 201 letters", "a".repeat(201));
    EDGE_CASES.put("word of 150 emoji", "😀".repeat(150));
    EDGE_CASES.put("word of 102 letters", "supercalifragilisticexpialidocious".repeat(3));
    EDGE_CASES.put("long accented word", "aáaá".repeat(60));
    EDGE_CASES.put("empty", "");
    EDGE_CASES.put("blank", "  \t\n ");
    EDGE_CASES.put("mixed scripts", "Hello мир שלום عالم नमस्ते");
    EDGE_CASES.put("Thai", "สวัสดีครับ");
    EDGE_CASES.put("punctuation runs", "!!!???... wait...what?!");
    EDGE_CASES.put("Unicode quotes and dashes", "«quoted» „text“ — dash – en");
    EDGE_CASES.put("Spanish marks", "¿Qué? ¡Sí!");
    EDGE_CASES.put("ASCII symbols", "$100.00 & 50% off #1 ^_^ `code` ~tilde |pipe| C++ C#");
    EDGE_CASES.put("URL and email", "http://x.y/z?a=b&c=d mail@example.com");
    EDGE_CASES.put("numbers", "3.14159 1,000,000");
    EDGE_CASES.put("apostrophe", "don't it's");
    EDGE_CASES.put("special tokens as text", "[CLS] hello [SEP] [MASK] [UNK]");
    EDGE_CASES.put("full-width forms", "ＡＢＣ１２３！");
    EDGE_CASES.put("math symbols are not punctuation", "x² + y³ = z⁴ ∑∞≠");
    EDGE_CASES.put("currency symbols are not punctuation", "€50 £20 ¥30");
    EDGE_CASES.put("ligatures and digraphs", "Ǆǅǆ ﬁne ﬀ");
    EDGE_CASES.put("Kelvin and Angstrom signs", "\u212a \u212b");
    EDGE_CASES.put("supplementary combining mark", "x\uD834\uDD67y");
    EDGE_CASES.put("SST-2 style sentence", "it 's a charming and often affecting journey . ");
  }

  /**
   * Cases where HuggingFace tokenizers (0.21, as in DJL 0.38) departs from the reference, read in
   * its {@code normalizers/bert.rs} and {@code NormalizedString::lowercase}.
   */
  private static final Map<String, String> HUGGINGFACE_CASED = Map.of(
      "CJK extension E start", "is_chinese_char starts the range at U+2B920 where the "
          + "reference has U+2B820, so U+2B820..U+2B91F are not split off",
      "private use", "is_control drops category Co too (char.is_other()); the reference drops "
          + "only Cc and Cf, so it keeps U+E000, which becomes [UNK]");

  private static final Map<String, String> HUGGINGFACE_UNCASED = union(HUGGINGFACE_CASED,
      Map.of("final sigma", "lowercase maps each character alone (char::to_lowercase), "
          + "without the Final_Sigma rule of Python's str.lower(), so a word-final Σ becomes σ "
          + "where the reference has ς"));

  /** Cases where DJL's BertFullTokenizer (0.38) departs from the reference (uncased mode). */
  private static final Map<String, String> DJL_UNCASED = union(
      because("it has no step like the reference's _tokenize_chinese_chars, so CJK ideographs "
              + "are not split into words of their own",
          "Chinese", "Chinese in Latin", "Japanese kana are not split", "CJK extension B",
          "CJK extension E start", "CJK compatibility ideographs"),
      because("its control test is Character.isISOControl (Cc only), so format characters "
              + "(Cf), which the reference drops, stay in the word, which becomes [UNK]",
          "zero-width space", "zero-width joiners", "byte order mark", "soft hyphen",
          "word joiner", "Mongolian vowel separator"),
      because("it strips accents char by char (UTF-16 units), so a non-spacing mark outside "
              + "the BMP such as U+1D167 is kept and the word becomes [UNK]",
          "supplementary combining mark"));

  private static WordPieceTokenizer uncased;
  private static WordPieceTokenizer cased;
  private static HuggingFaceTokenizer huggingFaceUncased;
  private static HuggingFaceTokenizer huggingFaceCased;
  private static BertFullTokenizer djlUncased;

  @BeforeAll
  static void setUp(@TempDir Path dir) throws IOException {
    List<String> vocab = BertVocab.uncasedLines();
    uncased = WordPieceTokenizer.load(BertVocab.uncasedFile(dir), true);
    cased = WordPieceTokenizer.load(dir.resolve("vocab.txt"), false);
    // DJL must neither phone home nor fetch a native library: offline mode makes it take the
    // CPU library from the jar, extracted under target/ rather than the user's home.
    System.setProperty("ai.djl.offline", "true");
    System.setProperty("OPT_OUT_TRACKING", "true");
    System.setProperty("ENGINE_CACHE_DIR", Path.of("target", "djl-cache").toAbsolutePath()
        .toString());
    huggingFaceUncased = huggingFace(vocab, true, dir);
    huggingFaceCased = huggingFace(vocab, false, dir);
    djlUncased = new BertFullTokenizer(new DefaultVocabulary(vocab), true);
  }

  @AfterAll
  static void tearDown() {
    if (huggingFaceUncased != null) {
      huggingFaceUncased.close();
    }
    if (huggingFaceCased != null) {
      huggingFaceCased.close();
    }
  }

  /** A tokenizer.json of BERT's pipeline, as HuggingFace writes them, minus added tokens. */
  private static HuggingFaceTokenizer huggingFace(List<String> vocab, boolean lowerCase,
      Path dir) throws IOException {
    ObjectMapper json = new ObjectMapper();
    ObjectNode root = json.createObjectNode();
    root.put("version", "1.0");
    root.putNull("truncation");
    root.putNull("padding");
    root.putArray("added_tokens");
    ObjectNode normalizer = root.putObject("normalizer");
    normalizer.put("type", "BertNormalizer");
    normalizer.put("clean_text", true);
    normalizer.put("handle_chinese_chars", true);
    normalizer.putNull("strip_accents"); // follows lowercase, as in the reference
    normalizer.put("lowercase", lowerCase);
    root.putObject("pre_tokenizer").put("type", "BertPreTokenizer");
    root.putNull("post_processor");
    root.putNull("decoder");
    ObjectNode model = root.putObject("model");
    model.put("type", "WordPiece");
    model.put("unk_token", WordPieceTokenizer.UNK);
    model.put("continuing_subword_prefix", WordPieceTokenizer.CONTINUATION);
    model.put("max_input_chars_per_word", MAX_WORD);
    ObjectNode ids = model.putObject("vocab");
    for (int i = 0; i < vocab.size(); i++) {
      ids.put(vocab.get(i), i);
    }
    Path file = dir.resolve(lowerCase ? "uncased.json" : "cased.json");
    Files.writeString(file, json.writeValueAsString(root), StandardCharsets.UTF_8);
    return HuggingFaceTokenizer.newInstance(file, Map.of(
        "addSpecialTokens", "false", "truncation", "false", "padding", "false"));
  }

  @Test
  void everySst2DevSentenceMatchesHuggingFaceTokenizers() {
    assertSameOnSst2("HuggingFace tokenizers", uncased, huggingFaceUncased::tokenize);
  }

  @Test
  void everySst2DevSentenceMatchesDjlBertFullTokenizer() {
    assertSameOnSst2("DJL BertFullTokenizer", uncased, djlUncased::tokenize);
  }

  @Test
  void edgeCasesMatchHuggingFaceTokenizersUncased() {
    assertSameOnEdgeCases("HuggingFace tokenizers (uncased)", uncased,
        huggingFaceUncased::tokenize, HUGGINGFACE_UNCASED);
  }

  @Test
  void edgeCasesMatchHuggingFaceTokenizersCased() {
    assertSameOnEdgeCases("HuggingFace tokenizers (cased)", cased, huggingFaceCased::tokenize,
        HUGGINGFACE_CASED);
  }

  @Test
  void edgeCasesMatchDjlBertFullTokenizerUncased() {
    assertSameOnEdgeCases("DJL BertFullTokenizer (uncased)", uncased, djlUncased::tokenize,
        DJL_UNCASED);
  }

  private static void assertSameOnSst2(String name, WordPieceTokenizer ours,
      Function<String, List<String>> theirs) {
    List<String> sentences = Sst2.devSentences();
    List<String> mismatches = new ArrayList<>();
    long tokens = 0;
    for (String s : sentences) {
      List<String> expected = theirs.apply(s);
      List<String> actual = ours.tokenize(s);
      tokens += actual.size();
      if (!expected.equals(actual)) {
        mismatches.add(s + "\n  " + name + ": " + expected + "\n  ours: " + actual);
      }
    }
    System.out.printf("SST-2 dev vs %s: %d sentences (%d tokens) compared, %d mismatches%n",
        name, sentences.size(), tokens, mismatches.size());
    assertEquals(872, sentences.size(), "SST-2 dev sentences");
    assertTrue(mismatches.isEmpty(), () -> mismatches.size() + " SST-2 dev sentences differ "
        + "from " + name + ":\n" + String.join("\n", mismatches));
  }

  private static void assertSameOnEdgeCases(String name, WordPieceTokenizer ours,
      Function<String, List<String>> theirs, Map<String, String> deviations) {
    assertTrue(EDGE_CASES.keySet().containsAll(deviations.keySet()),
        () -> "excluded cases that are no edge case: " + deviations.keySet());
    List<String> mismatches = new ArrayList<>();
    List<String> staleExclusions = new ArrayList<>();
    for (Map.Entry<String, String> c : EDGE_CASES.entrySet()) {
      List<String> expected = theirs.apply(c.getValue());
      List<String> actual = ours.tokenize(c.getValue());
      String reason = deviations.get(c.getKey());
      if (reason == null && !expected.equals(actual)) {
        mismatches.add("'" + c.getKey() + "' differs: " + name + " " + expected + ", ours "
            + actual);
      } else if (reason != null && expected.equals(actual)) {
        staleExclusions.add("'" + c.getKey() + "' is excluded as a deviation of " + name
            + " (" + reason + ") but agrees: drop the exclusion");
      }
    }
    System.out.printf("edge cases vs %s: %d compared, %d mismatches, %d excluded as known "
        + "deviations of %s: %s%n", name, EDGE_CASES.size() - deviations.size(),
        mismatches.size(), deviations.size(), name, deviations.keySet());
    mismatches.addAll(staleExclusions);
    assertTrue(mismatches.isEmpty(), () -> String.join("\n", mismatches));
  }

  private static Map<String, String> because(String reason, String... cases) {
    Map<String, String> result = new LinkedHashMap<>();
    for (String c : cases) {
      result.put(c, reason);
    }
    return result;
  }

  @SafeVarargs
  private static Map<String, String> union(Map<String, String>... maps) {
    Map<String, String> result = new LinkedHashMap<>();
    for (Map<String, String> m : maps) {
      result.putAll(m);
    }
    return Collections.unmodifiableMap(result);
  }
}
