package org.jsonmmap.testkit.junit;

import org.jsonmmap.testkit.ZooKeeperServer;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test a {@link ZooKeeperServer} parameter: one server shared by the whole test run (started on first
 * use, closed by JUnit when the run ends). {@code @ExtendWith(SharedZooKeeper.class)}. Tests that stop or
 * restart a server start their own {@link ZooKeeperServer} instead.
 */
public final class SharedZooKeeper implements ParameterResolver {
    /** Created by JUnit. */
    public SharedZooKeeper() {
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == ZooKeeperServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .computeIfAbsent(ZooKeeperServer.class, k -> ZooKeeperServer.start(), ZooKeeperServer.class);
    }
}
