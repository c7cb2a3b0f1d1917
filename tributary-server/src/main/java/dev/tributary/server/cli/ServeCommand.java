package dev.tributary.server.cli;

import dev.tributary.engine.Tributary;
import dev.tributary.engine.workspace.WorkspaceService;
import dev.tributary.server.ServerSettings;
import dev.tributary.server.TributaryServer;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code tributary serve}: runs the HTTP API until the process is stopped. */
@Command(name = "serve", description = "Run the HTTP API (embedded database by default: nothing to install).")
final class ServeCommand implements Callable<Integer> {

  @Mixin Settings settings;
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    ServerSettings serverSettings = settings.server();
    Settings.Pulls pulls = settings.pulls();
    Tributary tributary = settings.engine(settings.database()).build();
    TributaryServer server;
    try {
      tributary.events().recoverInterruptedPulls();
      tributary.delivery().recoverInterruptedDeliveries();
      tributary.flowRuns().recoverInterruptedRuns();
      tributary.events().scheduler().start(tributary.database().dataSource(), pulls.threads(), pulls.polling());
      tributary.delivery().start(java.time.Duration.ofSeconds(1));
      tributary.flowRuns().start(java.time.Duration.ofSeconds(1));
      tributary.nats().ifPresent(nats -> nats.start(java.time.Duration.ofSeconds(1)));
      server = TributaryServer.start(tributary, serverSettings);
    } catch (RuntimeException e) {
      tributary.close();
      throw e;
    }
    printWelcome(spec.commandLine().getOut(), tributary.bootstrap(), server.port());
    var stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      tributary.close();
      stopped.countDown();
    }, "tributary-shutdown"));
    stopped.await();
    return 0;
  }

  /** Printed to the terminal, never to the log: the secret must not reach log files. */
  static void printWelcome(PrintWriter out, WorkspaceService.Bootstrap bootstrap, int port) {
    out.println("Tributary is running on http://localhost:" + port);
    out.println("  workspace key:    " + bootstrap.workspace().key());
    if (bootstrap.generatedSecret() != null) {
      out.println("  workspace secret: " + bootstrap.generatedSecret());
      out.println("  (the secret is shown this once: store it where your backend can sign tokens with it)");
    }
    out.println("  admin token:      ./tributary token --admin");
    out.flush();
  }
}
