package dev.tributary.server.cli;

import dev.tributary.error.InvalidConfigException;
import dev.tributary.server.TributaryServer;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code tributary} command. */
@Command(
    name = "tributary",
    mixinStandardHelpOptions = true,
    version = "Tributary " + TributaryServer.VERSION,
    description = "An open-source Data Sources engine: read, write and watch your customers' data in external apps.",
    subcommands = {ServeCommand.class, TokenCommand.class, RotateKeyCommand.class})
public final class Main {

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs a command line; returns the exit code (0 ok, 1 failed, 2 bad settings or usage). */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    var commandLine = new CommandLine(new Main());
    commandLine.setOut(out);
    commandLine.setErr(err);
    commandLine.setExecutionExceptionHandler((e, line, parseResult) -> {
      if (e instanceof InvalidConfigException) {
        err.println("tributary: " + e.getMessage());
        return 2;
      }
      err.println("tributary: " + e.getMessage());
      return 1;
    });
    return commandLine.execute(args);
  }
}
