package org.jsonmmap.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.jsonmmap.cli.demo.DemoCommand;
import org.jsonmmap.cli.demo.DemoFollowerCommand;
import org.jsonmmap.cli.demo.DemoMasterCommand;
import org.jsonmmap.cli.zookeeper.BridgeCommand;
import org.jsonmmap.cli.zookeeper.ZkPutCommand;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The top-level {@code jsonmmap} command: the list of commands, the exit code table and the global options. */
@Command(name = "jsonmmap",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Share one JSON document between the processes of this machine through a memory-mapped file:"
                    + " one writer (publish), many readers (get, watch), never a torn value.",
            "",
            "A NAME is 1 to 128 of A-Z a-z 0-9 . _ - and lives in the region directory as NAME.jmm; a NAME"
                    + " containing '/' is the path of a region file."},
        subcommands = {
            PublishCommand.class, GetCommand.class, WatchCommand.class, StatCommand.class, VerifyCommand.class,
            LsCommand.class, RmCommand.class, DemoCommand.class, DemoMasterCommand.class, DemoFollowerCommand.class,
            BridgeCommand.class, ZkPutCommand.class, CommandLine.HelpCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {
            "  echo '{\"db\":{\"url\":\"pg://a\"}}' | jsonmmap publish cfg",
            "  jsonmmap get cfg --pointer /db/url --raw",
            "  jsonmmap watch cfg --with-version",
            "  jsonmmap demo --seconds 5",
            "  jsonmmap bridge zookeeper --connect zk1:2181 --znode /config/app app"})
final class JsonMmapCommand implements Callable<Integer> {
    @Option(names = "--dir", paramLabel = "DIR",
            description = "Directory of the regions, for every command (a command's own --dir wins).")
    private Path dir;

    @Option(names = "--debug", scope = ScopeType.INHERIT, description = "Show the stack trace of an error.")
    private boolean debug;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        CommandLine cl = spec.commandLine();
        cl.getErr().println("jsonmmap: a command is required");
        cl.usage(cl.getErr());
        return ExitCode.USAGE.code();
    }

    /** @return whether {@code --debug} was given */
    boolean debug() {
        return debug;
    }

    /** @return the top-level {@code --dir}, or null */
    Path directory() {
        return dir;
    }
}
