package dev.evalunit.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalunit.engine.EvalUnitTestEngine;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The engine jar these samples run on, as users get it: its own libraries (OkHttp, okio, Kotlin,
 * Jackson, Commons) relocated under {@code dev.evalunit.engine.shaded}, and a published POM that
 * needs only the JUnit Platform and the annotations. Maven hands this module the packaged jar only
 * when the build reaches {@code package} ({@code ./mvnw verify}); under {@code -am test} it is the
 * engine's classes directory and these checks are skipped (reported as skipped, not passed).
 */
class ShadedEngineJarTest {

  private static final String SHADED = "dev/evalunit/engine/shaded/";
  // A bundled library's original package as the start of an internal name, alone or inside a
  // descriptor ("Lokhttp3/Call;").
  private static final Pattern ORIGINAL_TYPE = Pattern.compile(
      "(^|L)(okhttp3|okio|kotlin|com/fasterxml/jackson|org/apache/commons|org/jetbrains/annotations"
          + "|org/intellij/lang/annotations)/");

  private static Path engineJar;

  @BeforeAll
  static void locateEngineJar() throws URISyntaxException {
    Path location = Path.of(EvalUnitTestEngine.class.getProtectionDomain().getCodeSource()
        .getLocation().toURI());
    Assumptions.assumeTrue(Files.isRegularFile(location),
        "the engine is on the class path as " + location
            + " (reactor before package); run ./mvnw verify to check the shaded jar");
    engineJar = location;
  }

  @Test
  void holdsOnlyEvalunitClassesAndMetadata() throws IOException {
    List<String> foreign = new ArrayList<>();
    try (JarFile jar = new JarFile(engineJar.toFile())) {
      jar.stream().map(ZipEntry::getName)
          .filter(name -> !name.endsWith("/"))
          // dev/evalunit/engine: the engine; dev/evalunit/scoring: its public scorer API.
          .filter(name -> !name.startsWith("dev/evalunit/engine/")
              && !name.startsWith("dev/evalunit/scoring/"))
          .filter(name -> !(name.startsWith("META-INF/") && !name.endsWith(".class")
              && !name.startsWith("META-INF/versions/")))
          .forEach(foreign::add);
    }
    assertThat(foreign)
        .as("entries of %s outside dev/evalunit/engine, dev/evalunit/scoring and META-INF", engineJar)
        .isEmpty();
  }

  @Test
  void bundlesTheLibrariesRelocated() throws IOException {
    try (JarFile jar = new JarFile(engineJar.toFile())) {
      assertThat(jar.getEntry(SHADED + "okhttp3/OkHttpClient.class")).isNotNull();
      assertThat(jar.getEntry(SHADED + "okio/Buffer.class")).isNotNull();
      assertThat(jar.getEntry(SHADED + "kotlin/jvm/internal/Intrinsics.class")).isNotNull();
      assertThat(jar.getEntry(SHADED + "com/fasterxml/jackson/databind/ObjectMapper.class"))
          .isNotNull();
      assertThat(jar.getEntry(SHADED + "com/fasterxml/jackson/dataformat/toml/TomlMapper.class"))
          .isNotNull();
      // Module descriptors of the bundled jars and Kotlin facade maps would name packages this
      // jar does not have.
      assertThat(jar.stream().map(ZipEntry::getName))
          .noneMatch(name -> name.endsWith("module-info.class"))
          .noneMatch(name -> name.endsWith(".kotlin_module"));
    }
  }

  /**
   * No class refers to a type in a library's original package: every class constant and every
   * type descriptor in the constant pools names a relocated type. (Plain strings, such as
   * Jackson's deny-list of gadget class names or Kotlin's debug tables, are not references.)
   */
  @Test
  void noClassRefersToAnOriginalPackage() throws IOException {
    TreeSet<String> offenders = new TreeSet<>();
    try (JarFile jar = new JarFile(engineJar.toFile())) {
      for (ZipEntry entry : jar.stream().filter(e -> e.getName().endsWith(".class")).toList()) {
        try (InputStream in = jar.getInputStream(entry)) {
          for (String reference : ConstantPool.typeReferences(in.readAllBytes())) {
            if (ORIGINAL_TYPE.matcher(reference).find()) {
              offenders.add(entry.getName() + " -> " + reference);
            }
          }
        }
      }
    }
    assertThat(offenders).isEmpty();
  }

  @Test
  void servicesNameTheRelocatedTypes() throws IOException {
    try (JarFile jar = new JarFile(engineJar.toFile())) {
      assertThat(read(jar, "META-INF/services/org.junit.platform.engine.TestEngine"))
          .contains(EvalUnitTestEngine.class.getName());
      assertThat(read(jar,
          "META-INF/services/dev.evalunit.engine.shaded.com.fasterxml.jackson.core.ObjectCodec"))
          .contains("dev.evalunit.engine.shaded.com.fasterxml.jackson.databind.ObjectMapper");
      assertThat(jar.getEntry("META-INF/services/com.fasterxml.jackson.core.ObjectCodec"))
          .isNull();
      assertThat(jar.getManifest().getMainAttributes().getValue("Automatic-Module-Name"))
          .isEqualTo("dev.evalunit.engine");
    }
  }

  /** The POM that install and deploy publish (the shade plugin's dependency-reduced one). */
  @Test
  void publishedPomNeedsOnlyThePlatformAndTheAnnotations() throws Exception {
    // In the reactor: target/dependency-reduced-pom.xml; installed: the .pom beside the jar.
    Path reduced = engineJar.resolveSibling("dependency-reduced-pom.xml");
    Path pom = Files.exists(reduced) ? reduced : engineJar.resolveSibling(
        engineJar.getFileName().toString().replaceFirst("\\.jar$", ".pom"));
    assertThat(pom).exists();
    Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(pom.toFile());
    Element dependencies = (Element) document.getDocumentElement()
        .getElementsByTagName("dependencies").item(0);
    NodeList list = dependencies.getElementsByTagName("dependency");
    TreeSet<String> runtime = new TreeSet<>();
    for (int i = 0; i < list.getLength(); i++) {
      Element dependency = (Element) list.item(i);
      String scope = text(dependency, "scope");
      if (scope.isEmpty() || scope.equals("compile") || scope.equals("runtime")) {
        runtime.add(text(dependency, "groupId") + ":" + text(dependency, "artifactId"));
      }
    }
    assertThat(runtime).containsExactly(
        "dev.evalunit:evalunit-annotations", "org.junit.platform:junit-platform-engine");
  }

  private static String read(JarFile jar, String name) throws IOException {
    ZipEntry entry = jar.getEntry(name);
    assertThat(entry).as(name).isNotNull();
    try (InputStream in = jar.getInputStream(entry)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static String text(Element parent, String tag) {
    NodeList nodes = parent.getElementsByTagName(tag);
    return nodes.getLength() == 0 ? "" : nodes.item(0).getTextContent().trim();
  }
}
