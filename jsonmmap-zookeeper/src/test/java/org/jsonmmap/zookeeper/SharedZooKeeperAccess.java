package org.jsonmmap.zookeeper;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/** For tests in other packages: resolves a {@code String} parameter to the shared server's connect string. */
public final class SharedZooKeeperAccess implements ParameterResolver {
    private final SharedZooKeeper shared = new SharedZooKeeper();

    /** Created by JUnit. */
    public SharedZooKeeperAccess() {
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == String.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return ((ZooKeeperServerProcess) shared.resolveParameter(parameter, context)).connectString();
    }
}
