package dev.evalunit.scoring;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apiguardian.api.API;

/**
 * The expected value is a {@link Pattern} the answer must match: found anywhere in it
 * (default) or matching it whole. The matched text is in the score's {@code matched} detail.
 * An invalid pattern throws {@link IllegalArgumentException} with the position of the error.
 *
 * <pre>{@code
 * Scorers.regex().score("\\b(refund|reimburse)\\b", "We will refund you.").value();         // 1.0
 * Scorers.regex().fullMatch().withFlags(Pattern.CASE_INSENSITIVE).score("yes|no", "YES").value(); // 1.0
 * }</pre>
 *
 * @param whole true: the whole answer must match; false: the pattern must occur in it
 * @param flags {@link Pattern} flags, e.g. {@link Pattern#CASE_INSENSITIVE}
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record RegexMatch(boolean whole, int flags) implements Scorer {

  public RegexMatch fullMatch() {
    return new RegexMatch(true, flags);
  }

  public RegexMatch withFlags(int patternFlags) {
    return new RegexMatch(whole, patternFlags);
  }

  @Override
  public Score score(String expected, String actual) {
    Pattern pattern;
    try {
      pattern = Pattern.compile(Texts.require(expected, "pattern"), flags);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("the expected pattern " + Texts.quote(expected)
          + " is not a valid regular expression: " + e.getDescription() + " near index "
          + e.getIndex(), e);
    }
    if (actual == null) {
      return Score.fail("no answer; expected a match of /" + expected + "/");
    }
    Matcher matcher = pattern.matcher(actual);
    boolean matched = whole ? matcher.matches() : matcher.find();
    if (!matched) {
      return Score.fail("the answer " + Texts.quote(actual) + (whole ? " does not match /"
          : " has no match of /") + expected + "/");
    }
    return Score.pass((whole ? "the answer matches /" : "the answer has a match of /")
        + expected + "/").withDetail("matched", matcher.group());
  }
}
