package dev.evalunit.bench.child;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.evalunit.bench.workload.BenchSuite;
import dev.evalunit.bench.workload.ParameterizedRollouts;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The process a scenario measures: a fresh JVM that drives the JUnit Platform launcher the way
 * Surefire or an IDE does (class selectors plus configuration parameters), so its CPU time and
 * peak RSS are the engine's alone. Writes what it measured as one JSON object.
 *
 * <pre>
 * java -cp CP dev.evalunit.bench.child.ScenarioChild engine|jupiter|discovery RESULT.json
 *     [checkpoints=10000,25000] [classList=FILE] [key=value configuration parameters...]
 * </pre>
 */
public final class ScenarioChild {

  private ScenarioChild() {}

  public static void main(String[] args) throws IOException {
    long origin = System.nanoTime();
    String mode = args[0];
    Path resultFile = Path.of(args[1]);
    Map<String, String> parameters = new LinkedHashMap<>();
    long[] checkpoints = new long[0];
    Path classList = null;
    for (String arg : Arrays.asList(args).subList(2, args.length)) {
      int eq = arg.indexOf('=');
      String key = arg.substring(0, eq);
      String value = arg.substring(eq + 1);
      switch (key) {
        case "checkpoints" -> checkpoints = Arrays.stream(value.split(","))
            .mapToLong(Long::parseLong).toArray();
        case "classList" -> classList = Path.of(value);
        default -> parameters.put(key, value);
      }
    }
    List<DiscoverySelector> selectors = switch (mode) {
      case "engine" -> List.of(selectClass(BenchSuite.class));
      case "jupiter" -> List.of(selectClass(ParameterizedRollouts.class));
      case "discovery", "seeds" -> Files.readAllLines(classList).stream()
          .filter(line -> !line.isBlank())
          .<DiscoverySelector>map(name -> selectClass(name.trim()))
          .toList();
      default -> throw new IllegalArgumentException("unknown mode " + mode
          + "; expected engine, jupiter, discovery or seeds");
    };
    LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
        .selectors(selectors)
        .configurationParameters(parameters)
        .build();

    Map<String, Object> out = new LinkedHashMap<>();
    out.put("mode", mode);
    long t0 = System.nanoTime();
    Launcher launcher = LauncherFactory.create();
    long t1 = System.nanoTime();
    TestPlan plan = launcher.discover(request);
    long t2 = System.nanoTime();
    out.put("launcherCreateMs", (t1 - t0) / 1e6);
    out.put("discoveryMs", (t2 - t1) / 1e6);
    out.put("testsDiscovered", plan.countTestIdentifiers(TestIdentifier::isTest));
    if (mode.equals("seeds")) {
      // What the discovered plan holds: measured while it is still referenced.
      out.put("heapAfterDiscoveryBytes", ProcessStats.heapAfterGcBytes());
      out.put("rssAfterDiscoveryKib", ProcessStats.rssKib());
      out.put("planIdentifiers", plan.countTestIdentifiers(id -> true));
    } else if (mode.equals("discovery")) {
      // A second discovery shows what is one-off (class loading, JIT) and what is per-run.
      long t3 = System.nanoTime();
      launcher.discover(request);
      out.put("warmDiscoveryMs", (System.nanoTime() - t3) / 1e6);
    } else {
      PhaseListener listener = new PhaseListener(checkpoints, origin);
      long t3 = System.nanoTime();
      launcher.execute(plan, listener);
      out.put("executeMs", (System.nanoTime() - t3) / 1e6);
      out.put("phaseMs", listener.phaseMillis());
      out.put("phaseEpochMs", listener.phaseEpochMillis());
      out.put("seedsFinished", listener.seedsFinished());
      out.put("succeeded", listener.succeeded());
      out.put("failed", listener.failed());
      out.put("aborted", listener.aborted());
      out.put("firstFailure", listener.firstFailure());
      out.put("checkpoints", listener.checkpoints());
      out.put("cpuMsByThreadAtVerdict", listener.cpuByThreadAtVerdict());
    }
    out.put("cpuMs", ProcessStats.cpuMillis());
    out.put("peakRssKib", ProcessStats.peakRssKib());
    out.put("heapAfterGcEndBytes", ProcessStats.heapAfterGcBytes());
    out.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
    out.put("jvmUptimeMs", ManagementFactory.getRuntimeMXBean().getUptime());
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
        .writeValue(resultFile.toFile(), out);
    // Engine worker threads are daemons, but OkHttp's may linger; the measurement is done.
    System.exit(0);
  }
}
