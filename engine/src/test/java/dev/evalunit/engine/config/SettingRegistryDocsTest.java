package dev.evalunit.engine.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalunit.engine.config.SettingDefinition.Scope;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The settings tables of docs/configuration.md are the registry's, row for row, and every key
 * constant has a registry entry. After registering a key, regenerate the tables with
 * {@code ./mvnw -B -o -pl engine -am test -Dtest=SettingRegistryDocsTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dsettings.docs.write=true}.
 */
class SettingRegistryDocsTest {

  static final String START = "<!-- settings table: generated from SettingRegistry -->";
  static final String END = "<!-- end of settings table -->";

  @Test
  void docsTableMatchesTheRegistry() throws IOException {
    Path docs = docs();
    String text = Files.readString(docs);
    int start = text.indexOf(START);
    int end = text.indexOf(END);
    assertThat(start).as(docs + " has the marker " + START).isNotNegative();
    assertThat(end).as(docs + " has the marker " + END).isGreaterThan(start);
    String expected = START + "\n" + table() + END;
    String actual = text.substring(start, end + END.length());
    if (Boolean.getBoolean("settings.docs.write") && !actual.equals(expected)) {
      Files.writeString(docs, text.substring(0, start) + expected
          + text.substring(end + END.length()));
      actual = expected;
    }
    assertThat(actual).as("the settings tables of docs/configuration.md; regenerate with "
        + "-Dsettings.docs.write=true (see this test's javadoc)").isEqualTo(expected);
  }

  @Test
  void everyKeyConstantIsRegistered() throws IllegalAccessException {
    List<String> missing = new ArrayList<>();
    for (Field field : SettingKeys.class.getDeclaredFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
        String key = (String) field.get(null);
        boolean registered = key.endsWith(".")
            ? SettingRegistry.all().stream().anyMatch(d -> d.key().startsWith(key))
            : SettingRegistry.find(key).isPresent();
        if (!registered) {
          missing.add(field.getName() + " = " + key);
        }
      }
    }
    assertThat(missing).as("SettingKeys constants without a SettingRegistry entry").isEmpty();
  }

  @Test
  void everyEntrySaysItsFormDefaultAndMeaning() {
    assertThat(SettingRegistry.all()).allSatisfy(d -> {
      assertThat(d.form().describe()).as(d.key()).isNotBlank();
      assertThat(d.defaultText()).as(d.key()).isNotBlank();
      assertThat(d.description()).as(d.key()).isNotBlank().doesNotContain("|");
    });
  }

  static String table() {
    StringBuilder out = new StringBuilder();
    out.append("\nSuite settings: `evalunit.<key>` for every suite, "
        + "`evalunit.suite.<Class>.<key>` for one.\n\n");
    out.append("| key | value (form and range) | default | also set by | meaning |\n");
    out.append("|---|---|---|---|---|\n");
    rows(out, Scope.SUITE);
    out.append("\nEngine-wide switches: `evalunit.<key>` only, one value for the whole run.\n\n");
    out.append("| key | value (form and range) | default | meaning |\n");
    out.append("|---|---|---|---|\n");
    rows(out, Scope.ENGINE);
    return out.append('\n').toString();
  }

  private static void rows(StringBuilder out, Scope scope) {
    for (SettingDefinition d : SettingRegistry.all()) {
      if (d.scope() != scope) {
        continue;
      }
      String key = "`" + d.key() + (d.isFamily() ? "<k>" : "") + "`";
      out.append("| ").append(key).append(" | ").append(d.form().describe())
          .append(" | ").append(d.defaultText());
      if (scope == Scope.SUITE) {
        out.append(" | ").append(d.alsoFrom());
      }
      out.append(" | ").append(d.description()).append(" |\n");
    }
  }

  private static Path docs() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path candidate = p.resolve("docs").resolve("configuration.md");
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    throw new AssertionError("docs/configuration.md not found above " + Path.of("").toAbsolutePath());
  }
}
