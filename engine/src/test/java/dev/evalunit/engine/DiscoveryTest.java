package dev.evalunit.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathRoots;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId;

import dev.evalunit.engine.fixtures.BrokenSuite;
import dev.evalunit.engine.fixtures.DisabledSuite;
import dev.evalunit.engine.fixtures.PassingSuite;
import dev.evalunit.engine.fixtures.TaggedSuite;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.DiscoveryIssue;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestTag;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.discovery.ClassNameFilter;
import org.junit.platform.engine.discovery.PackageNameFilter;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.testkit.engine.EngineDiscoveryResults;
import org.junit.platform.testkit.engine.EngineTestKit;

class DiscoveryTest {

  private static final String FIXTURES = "dev.evalunit.engine.fixtures";

  private final EvalUnitTestEngine engine = new EvalUnitTestEngine(Map.of(), Path.of("."));

  private EngineDiscoveryResults discover(EngineTestKit.Builder builder) {
    return builder.discover();
  }

  private EngineTestKit.Builder kit() {
    return EngineTestKit.engine(engine);
  }

  @Test
  void classSelectorBuildsSuiteWithOneTestPerSeedAndAVerdict() {
    TestDescriptor root = discover(kit().selectors(selectClass(PassingSuite.class)))
        .getEngineDescriptor();

    assertThat(root.getChildren()).hasSize(1);
    TestDescriptor suite = root.getChildren().iterator().next();
    assertThat(suite.getUniqueId().toString())
        .isEqualTo("[engine:evalunit]/[suite:" + PassingSuite.class.getName() + "]");
    assertThat(suite.getSource()).contains(ClassSource.from(PassingSuite.class));
    assertThat(suite.getLegacyReportingName()).isEqualTo(PassingSuite.class.getName());
    assertThat(suite.getChildren()).extracting(TestDescriptor::getDisplayName)
        .containsExactly("seed 0", "seed 1", "seed 2", "suite verdict");
    assertThat(suite.getChildren()).extracting(TestDescriptor::getLegacyReportingName)
        .containsExactly("seed 0", "seed 1", "seed 2", "verdict");
    assertThat(suite.getChildren()).allMatch(TestDescriptor::isTest);
  }

  @Test
  void packageSelectorFindsEverySuiteAndHonoursClassNameFilters() {
    Set<String> all = suiteNames(kit().selectors(selectPackage(FIXTURES)));
    assertThat(all).containsExactlyInAnyOrder("PassingSuite", "TaggedSuite", "DisabledSuite",
        "BrokenSuite");

    Set<String> filtered = suiteNames(kit().selectors(selectPackage(FIXTURES))
        .filters(ClassNameFilter.excludeClassNamePatterns(".*Broken.*", ".*Disabled.*")));
    assertThat(filtered).containsExactlyInAnyOrder("PassingSuite", "TaggedSuite");

    Set<String> excludedPackage = suiteNames(kit().selectors(selectPackage(FIXTURES))
        .filters(PackageNameFilter.excludePackageNames(FIXTURES)));
    assertThat(excludedPackage).isEmpty();
  }

  @Test
  void classSelectorRespectsClassNameFilterToo() {
    assertThat(suiteNames(kit().selectors(selectClass(PassingSuite.class))
        .filters(ClassNameFilter.includeClassNamePatterns(".*Tagged.*")))).isEmpty();
  }

  @Test
  void classpathRootSelectorFindsSuites() {
    Path testClasses = Path.of(PassingSuite.class.getProtectionDomain().getCodeSource()
        .getLocation().getPath());
    Set<String> names = suiteNames(kit().selectors(selectClasspathRoots(Set.of(testClasses)).get(0))
        .filters(PackageNameFilter.includePackageNames(FIXTURES)));
    assertThat(names).contains("PassingSuite", "TaggedSuite");
  }

  @Test
  void methodSelectorOnASuiteClassSelectsTheSuite() {
    TestDescriptor root = discover(kit().selectors(
        selectMethod(PassingSuite.class, "notATest"))).getEngineDescriptor();
    assertThat(root.getChildren()).hasSize(1);
    assertThat(root.getChildren().iterator().next().getChildren()).hasSize(4);
  }

  @Test
  void nonSuiteClassesAreIgnored() {
    assertThat(suiteNames(kit().selectors(selectClass(DiscoveryTest.class)))).isEmpty();
  }

  @Test
  void uniqueIdOfOneSeedSelectsExactlyThatSeed() {
    UniqueId seed = UniqueId.forEngine("evalunit")
        .append("suite", PassingSuite.class.getName()).append("seed", "1");
    TestDescriptor suite = discover(kit().selectors(selectUniqueId(seed)))
        .getEngineDescriptor().getChildren().iterator().next();
    assertThat(suite.getChildren()).extracting(d -> d.getUniqueId())
        .containsExactly(seed);
  }

  @Test
  void uniqueIdOfAMissingSeedResolvesNothing() {
    UniqueId seed = UniqueId.forEngine("evalunit")
        .append("suite", PassingSuite.class.getName()).append("seed", "99");
    TestDescriptor root = discover(kit().selectors(selectUniqueId(seed))).getEngineDescriptor();
    assertThat(root.getDescendants()).noneMatch(TestDescriptor::isTest);
  }

  @Test
  void everyEmittedUniqueIdResolvesBackToTheSameNode() {
    TestDescriptor root = discover(kit().selectors(selectPackage(FIXTURES)))
        .getEngineDescriptor();
    List<TestDescriptor> nodes = List.copyOf(root.getDescendants());
    assertThat(nodes).hasSizeGreaterThan(8);
    for (TestDescriptor node : nodes) {
      TestDescriptor again = discover(kit().selectors(selectUniqueId(node.getUniqueId())))
          .getEngineDescriptor();
      assertThat(again.findByUniqueId(node.getUniqueId()))
          .as("round trip of %s", node.getUniqueId())
          .hasValueSatisfying(found -> {
            assertThat(found.getClass()).isEqualTo(node.getClass());
            assertThat(found.getDisplayName()).isEqualTo(node.getDisplayName());
          });
    }
  }

  @Test
  void classAndUniqueIdTogetherDoNotDuplicateSeeds() {
    UniqueId seed = UniqueId.forEngine("evalunit")
        .append("suite", PassingSuite.class.getName()).append("seed", "1");
    TestDescriptor suite = discover(kit().selectors(selectUniqueId(seed),
        selectClass(PassingSuite.class))).getEngineDescriptor().getChildren().iterator().next();
    assertThat(suite.getChildren()).hasSize(4);
  }

  @Test
  void classThenUniqueIdsOfItsNodesDoNotDuplicateThem() {
    UniqueId suiteId = UniqueId.forEngine("evalunit").append("suite", PassingSuite.class.getName());
    TestDescriptor suite = discover(kit().selectors(selectClass(PassingSuite.class),
        selectUniqueId(suiteId.append("seed", "1")), selectUniqueId(suiteId.append("verdict",
            "suite")), selectUniqueId(suiteId))).getEngineDescriptor().getChildren().iterator()
        .next();
    assertThat(suite.getChildren()).extracting(TestDescriptor::getDisplayName)
        .containsExactly("seed 0", "seed 1", "seed 2", "suite verdict");
  }

  @Test
  void suiteTagsAreInheritedBySeedsAndVerdict() {
    TestDescriptor suite = discover(kit().selectors(selectClass(TaggedSuite.class)))
        .getEngineDescriptor().getChildren().iterator().next();
    assertThat(suite.getTags()).containsExactly(TestTag.create("slow"));
    assertThat(suite.getChildren()).allSatisfy(child ->
        assertThat(child.getTags()).containsExactly(TestTag.create("slow")));
  }

  @Test
  void brokenSuiteIsReportedAsADiscoveryIssueAndKeptAsAContainer() {
    EngineDiscoveryResults results = discover(kit().selectors(selectClass(BrokenSuite.class)));
    assertThat(results.getDiscoveryIssues()).singleElement().satisfies(issue -> {
      assertThat(issue.severity()).isEqualTo(DiscoveryIssue.Severity.WARNING);
      assertThat(issue.message()).contains(BrokenSuite.class.getName())
          .contains("@EvalSuite on " + BrokenSuite.class.getName() + " seeds")
          .contains("\"zero..two\"");
      assertThat(issue.source()).contains(ClassSource.from(BrokenSuite.class));
    });
    TestDescriptor suite = results.getEngineDescriptor().getChildren().iterator().next();
    assertThat(suite.getChildren()).isEmpty();
  }

  @Test
  void disabledSuiteIsStillDiscovered() {
    assertThat(suiteNames(kit().selectors(selectClass(DisabledSuite.class))))
        .containsExactly("DisabledSuite");
  }

  private Set<String> suiteNames(EngineTestKit.Builder builder) {
    return discover(builder).getEngineDescriptor().getChildren().stream()
        .map(TestDescriptor::getDisplayName)
        .collect(Collectors.toSet());
  }
}
