package org.jsonmmap.cli.serve;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * Handlers for POSIX signals (HUP, TERM, INT) on HotSpot-derived JVMs.
 *
 * <p>The JDK has no public API to catch a signal: a shutdown hook sees SIGTERM but cannot tell it from
 * SIGINT and cannot survive SIGHUP. {@code sun.misc.Signal} in the {@code jdk.unsupported} module is the
 * supported-in-practice way (exported, so no {@code --add-opens}); it is reached by reflection so that the
 * build's {@code -Werror} does not turn javac's "internal proprietary API" warning into an error, and so
 * that a JVM without it degrades to "no handler" instead of failing to load this class.
 */
public final class Signals {
    private Signals() {
    }

    /**
     * Why a handler was not installed.
     *
     * @param why what happened, for the operator
     * @param ignoredAtStart whether the signal was ignored when the process started (so it does nothing at all,
     *     rather than its default action)
     */
    public record Refusal(String why, boolean ignoredAtStart) {
    }

    /**
     * Runs {@code handler} (on a JVM thread of its own) each time the signal arrives, instead of the JVM's
     * default action.
     *
     * @param name the signal without {@code SIG}: {@code HUP}, {@code TERM}, {@code INT}
     * @param handler what to do; must return quickly
     * @return null if installed, else why not (e.g. the JVM runs with {@code -Xrs}, or the signal was ignored
     *     when the process started, as under {@code nohup})
     */
    public static Refusal handle(String name, Runnable handler) {
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            Object signal = signalClass.getConstructor(String.class).newInstance(name);
            InvocationHandler ih = (Object proxy, Method method, Object[] args) -> {
                if (method.getName().equals("handle")) {
                    handler.run();
                    return null;
                }
                if (method.getName().equals("toString")) {
                    return "jsonmmap SIG" + name + " handler";
                }
                if (method.getName().equals("hashCode")) {
                    return System.identityHashCode(proxy);
                }
                if (method.getName().equals("equals")) {
                    return proxy == args[0];
                }
                return null;
            };
            Object proxy = Proxy.newProxyInstance(Signals.class.getClassLoader(), new Class<?>[] {handlerClass}, ih);
            Object previous = signalClass.getMethod("handle", signalClass, handlerClass).invoke(null, signal, proxy);
            if (previous == handlerClass.getField("SIG_IGN").get(null)) {
                // HotSpot leaves a shutdown signal that was ignored when the process started ignored (it reports
                // the old disposition, SIG_IGN, and never calls the new handler): say so rather than wait in vain
                return new Refusal("SIG" + name + " was already ignored when this process started (by nohup, or a"
                        + " parent that ignores it), and the JVM keeps it ignored: it will not reach serve", true);
            }
            return null;
        } catch (java.lang.reflect.InvocationTargetException e) {
            return new Refusal(String.valueOf(e.getCause()), false);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return new Refusal(e.toString(), false);
        }
    }
}
