package org.jsonmmap.cli.zookeeper;

import java.util.concurrent.Callable;

import org.jsonmmap.cli.ExitCode;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code jsonmmap bridge}: mirrors an external source into a local region. Its one source today is
 * ZooKeeper ({@code jsonmmap bridge zookeeper}, {@link ZooKeeperBridgeCommand}).
 */
@Command(name = "bridge", mixinStandardHelpOptions = true,
        description = "Mirror a document kept outside this machine into local region NAME, as its writer, so that"
                + " local readers follow it at memory speed.",
        subcommands = {ZooKeeperBridgeCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {"  jsonmmap bridge zookeeper --connect zk1:2181,zk2:2181 --znode /config/app app"})
public final class BridgeCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    /** Created by picocli. */
    public BridgeCommand() {
    }

    /**
     * Without a source subcommand there is nothing to run: prints the usage.
     *
     * @return {@link ExitCode#USAGE}
     */
    @Override
    public Integer call() {
        CommandLine cl = spec.commandLine();
        cl.getErr().println("jsonmmap: bridge needs a source, e.g. 'bridge zookeeper'");
        cl.usage(cl.getErr());
        return ExitCode.USAGE.code();
    }
}
