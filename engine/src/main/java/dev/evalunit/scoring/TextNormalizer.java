package dev.evalunit.scoring;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apiguardian.api.API;

/**
 * How text is made comparable before matching. {@link #standard()} applies, in this order:
 * Unicode NFKC (full-width letters and digits, ligatures and no-break spaces become their plain
 * forms), removal of invisible format characters (zero-width space, BOM), case folding
 * ({@code Straße} matches {@code STRASSE}), and whitespace collapsed to single spaces and
 * trimmed. Accents and punctuation are kept unless asked for.
 *
 * <pre>{@code
 * TextNormalizer.standard().apply("  Ｈｅｌｌｏ\u00a0 WORLD ");                         // "hello world"
 * TextNormalizer.standard().withoutAccents().withoutPunctuation().apply("Café, s'il vous plaît!");
 *                                                                   // "cafe sil vous plait"
 * }</pre>
 *
 * @param unicodeCompatibility apply NFKC and drop format characters
 * @param caseFold ignore case (full case folding, locale-independent)
 * @param collapseWhitespace turn every run of whitespace into one space and trim
 * @param stripAccents drop combining marks ({@code é} becomes {@code e})
 * @param stripPunctuation delete punctuation characters (Unicode category P), as SQuAD does
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record TextNormalizer(boolean unicodeCompatibility, boolean caseFold,
    boolean collapseWhitespace, boolean stripAccents, boolean stripPunctuation) {

  private static final Pattern FORMAT = Pattern.compile("\\p{Cf}+");
  private static final Pattern MARKS = Pattern.compile("\\p{M}+");
  private static final Pattern PUNCTUATION = Pattern.compile("\\p{P}+");
  private static final Pattern WHITESPACE = Pattern.compile("[\\s\\p{Z}]+");

  /** NFKC, no format characters, case folded, whitespace collapsed. */
  public static TextNormalizer standard() {
    return new TextNormalizer(true, true, true, false, false);
  }

  /** Leaves text as it is. */
  public static TextNormalizer none() {
    return new TextNormalizer(false, false, false, false, false);
  }

  public TextNormalizer withoutAccents() {
    return new TextNormalizer(unicodeCompatibility, caseFold, collapseWhitespace, true,
        stripPunctuation);
  }

  public TextNormalizer withoutPunctuation() {
    return new TextNormalizer(unicodeCompatibility, caseFold, collapseWhitespace, stripAccents,
        true);
  }

  /** This normaliser, but case matters. */
  public TextNormalizer caseSensitive() {
    return new TextNormalizer(unicodeCompatibility, false, collapseWhitespace, stripAccents,
        stripPunctuation);
  }

  /** {@code text} normalised; null stays null. */
  public String apply(String text) {
    if (text == null) {
      return null;
    }
    String out = text;
    if (unicodeCompatibility) {
      out = FORMAT.matcher(Normalizer.normalize(out, Normalizer.Form.NFKC)).replaceAll("");
    }
    if (caseFold) {
      out = out.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
    }
    if (stripAccents) {
      out = Normalizer.normalize(
          MARKS.matcher(Normalizer.normalize(out, Normalizer.Form.NFD)).replaceAll(""),
          Normalizer.Form.NFC);
    }
    if (stripPunctuation) {
      out = PUNCTUATION.matcher(out).replaceAll("");
    }
    if (collapseWhitespace) {
      out = WHITESPACE.matcher(out).replaceAll(" ").strip();
    }
    return out;
  }
}
