package org.jsonmmap.zookeeper;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests one ZooKeeper server shared by the whole test run (started on first use, stopped by JUnit when the
 * run ends). Tests that stop or restart a server start their own {@link ZooKeeperServerProcess} instead.
 */
final class SharedZooKeeper implements ParameterResolver {
    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == ZooKeeperServerProcess.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .computeIfAbsent(ZooKeeperServerProcess.class, k -> ZooKeeperServerProcess.start(),
                        ZooKeeperServerProcess.class);
    }
}
