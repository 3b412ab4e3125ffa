package dev.evalunit.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every relative link of README.md and docs/*.md reaches a file, and its {@code #anchor} a heading
 * of that file (GitHub's anchor: lower case, punctuation dropped, spaces as hyphens). Found from
 * outside: the settings table (generated from SettingRegistry) linked {@code statistics.md#epochs},
 * a heading that does not exist.
 */
class DocsLinksTest {

  private static final Pattern LINK = Pattern.compile("\\]\\(([^)#\\s]*)(#[^)\\s]+)?\\)");
  private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6}\\s+(.+?)\\s*$");
  private static final Pattern FENCE = Pattern.compile("(?s)```.*?```");

  @Test
  void everyRelativeLinkAndAnchorOfTheDocsResolves() throws IOException {
    Path root = root();
    List<Path> pages = new ArrayList<>();
    pages.add(root.resolve("README.md"));
    try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
    }
    List<String> broken = new ArrayList<>();
    for (Path page : pages) {
      Matcher link = LINK.matcher(FENCE.matcher(Files.readString(page)).replaceAll(""));
      while (link.find()) {
        String target = link.group(1);
        if (target.matches("[a-z]+:.*")) {
          continue; // http(s), mailto: not checked here
        }
        Path file = target.isEmpty() ? page : page.getParent().resolve(target).normalize();
        if (!Files.exists(file)) {
          broken.add(root.relativize(page) + ": " + link.group() + " (no such file)");
        } else if (link.group(2) != null && file.toString().endsWith(".md")
            && !anchors(file).contains(link.group(2).substring(1))) {
          broken.add(root.relativize(page) + ": " + link.group() + " (no such heading)");
        }
      }
    }
    assertThat(pages).hasSizeGreaterThan(5);
    assertThat(broken).as("links in README.md and docs/ that lead nowhere").isEmpty();
  }

  @Test
  void anAnchorIsGitHubsFormOfTheHeading() {
    assertThat(anchor("When to use `epochs`")).isEqualTo("when-to-use-epochs");
    assertThat(anchor("Pricing: cost from tokens")).isEqualTo("pricing-cost-from-tokens");
    assertThat(anchor("Record and replay (`cache.mode`)")).isEqualTo("record-and-replay-cachemode");
  }

  private static Set<String> anchors(Path file) throws IOException {
    Set<String> anchors = new HashSet<>();
    Matcher heading = HEADING.matcher(FENCE.matcher(Files.readString(file)).replaceAll(""));
    while (heading.find()) {
      anchors.add(anchor(heading.group(1)));
    }
    return anchors;
  }

  static String anchor(String heading) {
    return heading.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}_ -]", "")
        .replace(' ', '-');
  }

  private static Path root() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("docs").resolve("configuration.md"))
          && Files.isRegularFile(p.resolve("README.md"))) {
        return p;
      }
    }
    throw new AssertionError("README.md and docs/ not found above " + Path.of("").toAbsolutePath());
  }
}
