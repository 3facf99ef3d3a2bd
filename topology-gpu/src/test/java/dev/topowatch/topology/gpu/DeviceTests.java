package dev.topowatch.topology.gpu;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.PrintWriter;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Runs the device test classes without Maven (bench/gpu.sh on a GPU machine): {@code java -cp
 * TEST_CLASSPATH dev.topowatch.topology.gpu.DeviceTests [CLASS …]}. Prints the summary and a last
 * line "N passed, N failed, N skipped"; exits 1 when a test failed.
 */
public final class DeviceTests {
  private DeviceTests() {}

  public static void main(String[] args) {
    String[] classes = args.length > 0 ? args : new String[] {GpuMatchesCpuOnDeviceTest.class.getName()};
    LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request();
    for (String c : classes) {
      try {
        request.selectors(selectClass(Class.forName(c)));
      } catch (ClassNotFoundException e) {
        throw new IllegalArgumentException("no test class " + c, e);
      }
    }
    LauncherDiscoveryRequest built = request.build();
    Launcher launcher = LauncherFactory.create();
    SummaryGeneratingListener summary = new SummaryGeneratingListener();
    launcher.execute(built, summary);
    TestExecutionSummary s = summary.getSummary();
    PrintWriter out = new PrintWriter(System.out, true);
    s.printTo(out);
    s.printFailuresTo(out, 30);
    out.println(s.getTestsSucceededCount() + " passed, " + s.getTestsFailedCount() + " failed, "
        + (s.getTestsSkippedCount() + s.getTestsAbortedCount()) + " skipped");
    System.exit(s.getTestsFailedCount() > 0 ? 1 : 0);
  }
}
