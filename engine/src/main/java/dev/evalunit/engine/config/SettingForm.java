package dev.evalunit.engine.config;

import dev.evalunit.engine.statistics.EpochReducer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The form and range of a setting's value: what {@link SettingRegistry} checks at discovery, and
 * what the docs table and error messages call "expected". A form turns a raw value (text from a
 * property, a TOML number, an annotation attribute) into its typed value or throws a
 * {@link ConfigException} naming the origin, the expected form and the value.
 *
 * <pre>{@code
 * SettingForm.duration(Duration.ofMillis(1)).parse("timeout.rollout", setting); // Duration
 * }</pre>
 */
public interface SettingForm {

  /** The expected form, as the docs and messages say it: {@code "an integer from 1 to 100000"}. */
  String describe();

  /**
   * @return the typed value (String, Boolean, Long, Double, Duration, or the raw value for free
   *     forms), or null for a blank text
   * @throws ConfigException naming the origin, {@link #describe()} and the value
   */
  Object parse(String key, Setting setting);

  /** The same check, described in the words given (for docs and messages). */
  default SettingForm describedAs(String description) {
    return new Relabelled(this, description);
  }

  /** Any text; numbers and booleans are taken as their text. */
  static SettingForm text() {
    return new Text();
  }

  /** An {@code http://} or {@code https://} URL. */
  static SettingForm url() {
    return new Urls(false);
  }

  /** One {@code http://} or {@code https://} URL, or several separated by commas. */
  static SettingForm urls() {
    return new Urls(true);
  }

  /** One of {@code values}, exactly. */
  static SettingForm oneOf(String... values) {
    return new OneOf(List.of(values));
  }

  /** {@code true} or {@code false}. */
  static SettingForm flag() {
    return new Flag();
  }

  /** A whole number in {@code min..max}. */
  static SettingForm integer(long min, long max) {
    return new Whole(min, max);
  }

  /** A number in {@code min..max}; {@code minExclusive} excludes {@code min} itself. */
  static SettingForm number(double min, double max, boolean minExclusive) {
    return new Decimal(min, max, minExclusive, false);
  }

  /** A number from {@code min} up to but not including {@code maxExclusive}. */
  static SettingForm numberBelow(double min, double maxExclusive) {
    return new Decimal(min, maxExclusive, false, true);
  }

  /**
   * An epoch reducer name ({@code mean}, {@code median}, {@code max}, {@code min}, {@code mode},
   * {@code pass@k}, {@code pass^k}, {@code at-least-k}); parsed to an {@link EpochReducer}.
   */
  static SettingForm epochReducer() {
    return new Reducer();
  }

  /** A duration of at least {@code min} ({@link Duration#ZERO}: zero allowed, meaning "off"). */
  static SettingForm duration(Duration min) {
    return new Span(min);
  }

  /** {@code K/N} (one shard of each suite) or {@code merge}; see {@link Shard}. */
  static SettingForm shard() {
    return new ShardValue();
  }

  /**
   * A value checked where it is used (seed lists, commands, maps), described here for the docs.
   * The raw value is returned unchanged.
   */
  static SettingForm described(String description) {
    return new Described(description);
  }

  record Text() implements SettingForm {
    @Override
    public String describe() {
      return "text";
    }

    @Override
    public Object parse(String key, Setting setting) {
      Object v = setting.value();
      if (v instanceof String s) {
        return s.isBlank() ? null : s;
      }
      if (v instanceof Number || v instanceof Boolean) {
        return v.toString();
      }
      throw ConfigException.invalid(key, setting, "a string");
    }
  }

  /** One http(s) URL, or with {@code several} a list of them separated by commas. */
  record Urls(boolean several) implements SettingForm {
    @Override
    public String describe() {
      return several ? "an http(s):// URL, or several separated by commas (a replica pool)"
          : "an http(s):// URL";
    }

    @Override
    public Object parse(String key, Setting setting) {
      Object text = new Text().parse(key, setting);
      if (text == null) {
        return null;
      }
      List<String> urls = new java.util.ArrayList<>();
      for (String part : several ? text.toString().split(",", -1)
          : new String[] {text.toString()}) {
        if (!part.trim().matches("(?i)https?://.+")) {
          throw ConfigException.invalid(key, setting, describe());
        }
        urls.add(part.trim());
      }
      if (new java.util.HashSet<>(urls).size() < urls.size()) {
        throw ConfigException.invalid(key, setting, describe() + ", each URL once");
      }
      return String.join(",", urls);
    }
  }

  record OneOf(List<String> values) implements SettingForm {
    @Override
    public String describe() {
      return "one of " + values.stream().map(v -> "\"" + v + "\"")
          .collect(Collectors.joining(", "));
    }

    @Override
    public Object parse(String key, Setting setting) {
      Object text = new Text().parse(key, setting);
      if (text != null && !values.contains(text.toString())) {
        ConfigException invalid = ConfigException.invalid(key, setting, describe());
        if (SecretKeys.isSecret(key)) {
          throw invalid;
        }
        // "stirct" is a typo of "strict": say so, as unknown keys do.
        throw ClosestName.of(text.toString(), values)
            .map(nearest -> new ConfigException(invalid.getMessage()
                + "; the nearest valid value is \"" + nearest + "\""))
            .orElse(invalid);
      }
      return text;
    }
  }

  record Flag() implements SettingForm {
    @Override
    public String describe() {
      return "true or false";
    }

    @Override
    public Object parse(String key, Setting setting) {
      if (setting.value() instanceof Boolean b) {
        return b;
      }
      if (setting.value() instanceof String s) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        if (t.equals("true") || t.equals("false")) {
          return Boolean.valueOf(t);
        }
      }
      throw ConfigException.invalid(key, setting, describe());
    }
  }

  record Reducer() implements SettingForm {
    @Override
    public String describe() {
      return "one of mean, median, max, min, mode, pass@k, pass^k, at-least-k (k a whole number "
          + "from 1 to the number of epochs, e.g. pass@3)";
    }

    @Override
    public Object parse(String key, Setting setting) {
      Object text = new Text().parse(key, setting);
      if (text == null) {
        return null;
      }
      try {
        return EpochReducer.parse(text.toString());
      } catch (IllegalArgumentException e) {
        throw ConfigException.invalid(key, setting, describe());
      }
    }
  }

  record Whole(long min, long max) implements SettingForm {
    @Override
    public String describe() {
      if (max == Long.MAX_VALUE) {
        return min == 0 ? "a non-negative integer" : "an integer of at least " + min;
      }
      return "an integer from " + min + " to " + max;
    }

    @Override
    public Object parse(String key, Setting setting) {
      Object v = setting.value();
      Long value = null;
      if (v instanceof Number n && n.doubleValue() == n.longValue()) {
        value = n.longValue();
      } else if (v instanceof String s && s.trim().matches("-?\\d{1,18}")) {
        value = Long.parseLong(s.trim());
      }
      if (value == null || value < min || value > max) {
        throw ConfigException.invalid(key, setting, describe());
      }
      return value;
    }
  }

  /** A number between {@code min} and {@code max}, each end included unless said exclusive. */
  record Decimal(double min, double max, boolean minExclusive, boolean maxExclusive)
      implements SettingForm {
    @Override
    public String describe() {
      if (maxExclusive) {
        return "a number from " + text(min) + " up to but not including " + text(max);
      }
      if (max == Double.POSITIVE_INFINITY) {
        return minExclusive ? "a number greater than " + text(min)
            : min == 0 ? "a non-negative number" : "a number of at least " + text(min);
      }
      return "a number " + (minExclusive ? "greater than " + text(min) + " and at most "
          : "from " + text(min) + " to ") + text(max);
    }

    private static String text(double d) {
      return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    @Override
    public Object parse(String key, Setting setting) {
      Double d = null;
      if (setting.value() instanceof Number n) {
        d = n.doubleValue();
      } else if (setting.value() instanceof String s) {
        try {
          d = Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
          d = null;
        }
      }
      if (d == null || d.isNaN() || d.isInfinite() || d < min || (minExclusive && d == min)
          || d > max || (maxExclusive && d == max)) {
        throw ConfigException.invalid(key, setting, describe());
      }
      return d;
    }
  }

  record Span(Duration min) implements SettingForm {
    private static final Pattern DURATION =
        Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?");

    @Override
    public String describe() {
      return min.isZero() ? "a duration such as 500ms, 30s, 10m or 1h, or 0"
          : "a positive duration such as 500ms, 30s, 10m or 1h";
    }

    @Override
    public Object parse(String key, Setting setting) {
      String text = String.valueOf(setting.value()).trim().toLowerCase(Locale.ROOT);
      Matcher m = DURATION.matcher(text);
      if (!m.matches()) {
        throw ConfigException.invalid(key, setting, describe());
      }
      double amount = Double.parseDouble(m.group(1));
      String unit = m.group(2) == null ? "s" : m.group(2);
      double millis = amount * switch (unit) {
        case "ms" -> 1;
        case "m" -> 60_000;
        case "h" -> 3_600_000;
        default -> 1_000;
      };
      Duration value = Duration.ofMillis(Math.round(millis));
      // 0.4ms rounds to zero: as unworkable as 0 itself.
      if (value.compareTo(min) < 0 || (!min.isZero() && value.isZero())) {
        throw ConfigException.invalid(key, setting, describe());
      }
      return value;
    }
  }

  record Relabelled(SettingForm form, String description) implements SettingForm {
    @Override
    public String describe() {
      return description;
    }

    @Override
    public Object parse(String key, Setting setting) {
      try {
        return form.parse(key, setting);
      } catch (ConfigException e) {
        throw ConfigException.invalid(key, setting, description);
      }
    }
  }

  record ShardValue() implements SettingForm {
    @Override
    public String describe() {
      return Shard.EXPECTED;
    }

    @Override
    public Object parse(String key, Setting setting) {
      try {
        return Shard.parse(String.valueOf(setting.value()));
      } catch (IllegalArgumentException e) {
        throw new ConfigException(setting.origin() + ": " + e.getMessage());
      }
    }
  }

  record Described(String description) implements SettingForm {
    @Override
    public String describe() {
      return description;
    }

    @Override
    public Object parse(String key, Setting setting) {
      return setting.value();
    }
  }
}
