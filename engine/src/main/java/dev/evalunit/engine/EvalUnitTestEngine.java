package dev.evalunit.engine;

import dev.evalunit.engine.config.SuiteConfig.Reliability.Budget;
import dev.evalunit.engine.config.SuiteConfigResolver;
import dev.evalunit.engine.descriptor.EvalEngineDescriptor;
import dev.evalunit.engine.discovery.SuiteDiscovery;
import dev.evalunit.engine.execution.EngineOptions;
import dev.evalunit.engine.execution.EngineServices;
import dev.evalunit.engine.execution.EvalExecutionContext;
import dev.evalunit.engine.report.Console;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.junit.platform.engine.ConfigurationParameters;
import org.junit.platform.engine.EngineDiscoveryRequest;
import org.junit.platform.engine.ExecutionRequest;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.UniqueId;
import okhttp3.Interceptor;
import org.junit.platform.engine.support.hierarchical.HierarchicalTestEngine;
import org.junit.platform.engine.support.hierarchical.HierarchicalTestExecutorService;

/**
 * The evalunit {@code TestEngine}: runs {@code @EvalSuite} classes, one test per seed plus a
 * suite verdict. Registered through {@code META-INF/services}; users only add the dependency.
 */
public final class EvalUnitTestEngine extends HierarchicalTestEngine<EvalExecutionContext> {

  /** The engine id, the first segment of every unique id: {@code [engine:evalunit]}. */
  public static final String ENGINE_ID = "evalunit";

  private final Map<String, String> environment;
  private final Path baseDir;
  private final List<Interceptor> httpInterceptors;
  /** Discovery-time warnings for the build console. */
  private final Consumer<String> console;
  /**
   * Discovery lines already printed by this engine: Surefire discovers twice with one launcher
   * (and so one engine), and each warning should reach the console once.
   */
  private final Set<String> printedAtDiscovery = ConcurrentHashMap.newKeySet();

  public EvalUnitTestEngine() {
    this(System.getenv(), Path.of("").toAbsolutePath());
  }

  /** For tests: a fixed environment and base directory. */
  EvalUnitTestEngine(Map<String, String> environment, Path baseDir) {
    this(environment, baseDir, List.of(), Console::println);
  }

  /** For tests: also interceptors on the engine's HTTP client, to inject failures. */
  EvalUnitTestEngine(Map<String, String> environment, Path baseDir,
      List<Interceptor> httpInterceptors) {
    this(environment, baseDir, httpInterceptors, Console::println);
  }

  /** For tests: also where discovery-time warnings go. */
  EvalUnitTestEngine(Map<String, String> environment, Path baseDir, Consumer<String> console) {
    this(environment, baseDir, List.of(), console);
  }

  private EvalUnitTestEngine(Map<String, String> environment, Path baseDir,
      List<Interceptor> httpInterceptors, Consumer<String> console) {
    this.environment = Map.copyOf(environment);
    this.baseDir = baseDir;
    this.httpInterceptors = List.copyOf(httpInterceptors);
    this.console = console;
  }

  @Override
  public String getId() {
    return ENGINE_ID;
  }

  @Override
  public Optional<String> getGroupId() {
    return Optional.of("dev.evalunit");
  }

  @Override
  public Optional<String> getArtifactId() {
    return Optional.of("evalunit-engine");
  }

  @Override
  public Optional<String> getVersion() {
    return Optional.of(version());
  }

  @Override
  public TestDescriptor discover(EngineDiscoveryRequest request, UniqueId uniqueId) {
    EvalEngineDescriptor root = new EvalEngineDescriptor(uniqueId);
    Consumer<String> once = line -> {
      if (printedAtDiscovery.add(line)) {
        console.accept(line);
      }
    };
    SuiteConfigResolver configs = new SuiteConfigResolver(
        request.getConfigurationParameters(), environment, baseDir, once);
    SuiteDiscovery.printingTo(configs, once).discover(request, root);
    return root;
  }

  /**
   * Seeds in threads of their own (each reports its start when its rollout begins), everything
   * else in the launcher's thread: see {@code TreeExecutor}.
   */
  @Override
  protected HierarchicalTestExecutorService createExecutorService(ExecutionRequest request) {
    return ((EvalEngineDescriptor) request.getRootTestDescriptor()).executor();
  }

  @Override
  protected EvalExecutionContext createExecutionContext(ExecutionRequest request) {
    ConfigurationParameters parameters = request.getConfigurationParameters();
    Budget runBudget = new SuiteConfigResolver(parameters, environment, baseDir).runBudget();
    return new EvalExecutionContext(request.getEngineExecutionListener(),
        EngineServices.create(environment, runBudget, httpInterceptors),
        EngineOptions.from(parameters));
  }

  /** The engine's version, from the build. */
  public static String version() {
    Properties properties = new Properties();
    try (InputStream in = EvalUnitTestEngine.class.getResourceAsStream("engine.properties")) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      return "unknown";
    }
    return properties.getProperty("version", "unknown");
  }
}
