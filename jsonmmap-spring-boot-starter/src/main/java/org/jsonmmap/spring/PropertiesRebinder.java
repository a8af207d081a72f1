package org.jsonmmap.spring;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.beans.BeanUtils;
import org.springframework.boot.context.properties.ConfigurationPropertiesBean;
import org.springframework.boot.context.properties.ConfigurationPropertiesBindingPostProcessor;
import org.springframework.boot.context.properties.bind.BindMethod;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.context.ApplicationContext;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Rebinds the {@code @ConfigurationProperties} beans that a change concerns, all or nothing per bean.
 *
 * <p>Which beans: every singleton {@code @ConfigurationProperties} bean bound as a JavaBean (setters and a
 * no-argument constructor), whether registered by {@code @EnableConfigurationProperties},
 * {@code @ConfigurationPropertiesScan}, {@code @Component} or a {@code @Bean} method, whose prefix is a
 * changed property or an ancestor of one. Beans bound through their constructor (records, immutable
 * classes) cannot change: they keep their start-up values and the event lists them as not rebound.
 *
 * <p>How: the bean's class is instantiated afresh and bound with Spring Boot's own binder (the same
 * conversion and validation as at start-up: JSR-303 with {@code @Validated}, a
 * {@code configurationPropertiesValidator} bean, or the bean as a {@code Validator}). Only when that
 * succeeds is the fresh copy's state copied into the live bean, field by field, so a value removed from
 * the document goes back to its default instead of lingering. If it fails, the live bean is not touched:
 * it keeps all its old values, and the event's {@code rebindFailures} says why.
 *
 * <p>Fields are replaced one by one: a thread reading the bean during the copy may see some new and some
 * old values. Code that needs a consistent set reads it after the event, or from the {@code Environment}.
 */
final class PropertiesRebinder {
    private final ApplicationContext context;

    PropertiesRebinder(ApplicationContext context) {
        this.context = context;
    }

    /** What a rebinding did. */
    record Result(List<String> rebound, Map<String, String> failures) {
    }

    Result rebind(Set<String> changedKeys) {
        List<ConfigurationPropertyName> changed = new ArrayList<>();
        for (String key : changedKeys) {
            ConfigurationPropertyName name = ConfigurationPropertyName.adapt(key, '.');
            if (!name.isEmpty()) {
                changed.add(name);
            }
        }
        List<String> rebound = new ArrayList<>();
        Map<String, String> failures = new LinkedHashMap<>();
        ConfigurationPropertiesBindingPostProcessor binder = context.getBean(
                ConfigurationPropertiesBindingPostProcessor.BEAN_NAME, ConfigurationPropertiesBindingPostProcessor.class);
        for (Map.Entry<String, ConfigurationPropertiesBean> e : ConfigurationPropertiesBean.getAll(context).entrySet()) {
            String beanName = e.getKey();
            ConfigurationPropertiesBean bean = e.getValue();
            if (!concerns(bean.getAnnotation().prefix(), changed)) {
                continue;
            }
            if (bean.asBindTarget().getBindMethod() == BindMethod.VALUE_OBJECT || bean.getInstance() == null) {
                failures.put(beanName, "not rebound: it is bound through its constructor (immutable), so it keeps its"
                        + " start-up values; read the Environment, or make it a JavaBean with setters");
                continue;
            }
            Object live = bean.getInstance();
            Class<?> type = ClassUtils.getUserClass(live);
            Object fresh;
            try {
                fresh = BeanUtils.instantiateClass(type);
            } catch (RuntimeException ex) {
                failures.put(beanName, "not rebound: " + type.getName() + " cannot be instantiated afresh ("
                        + ex.getMessage() + "); it keeps its old values");
                continue;
            }
            try {
                binder.postProcessBeforeInitialization(fresh, beanName);
            } catch (RuntimeException ex) {
                failures.put(beanName, "rebinding failed, the bean keeps its old values: " + messages(ex));
                continue;
            }
            try {
                copyState(fresh, live);
            } catch (RuntimeException ex) {
                failures.put(beanName, "rebinding failed while copying the new values, the bean may hold some of"
                        + " them: " + messages(ex));
                continue;
            }
            rebound.add(beanName);
        }
        return new Result(rebound, failures);
    }

    private static boolean concerns(String prefix, List<ConfigurationPropertyName> changed) {
        if (prefix == null || prefix.isEmpty()) {
            return !changed.isEmpty();
        }
        ConfigurationPropertyName p = ConfigurationPropertyName.of(prefix);
        for (ConfigurationPropertyName name : changed) {
            if (p.equals(name) || p.isAncestorOf(name) || name.isAncestorOf(p)) {
                return true;
            }
        }
        return false;
    }

    /** Copies every instance field; final collections, maps and nested beans are refilled in place. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void copyState(Object from, Object to) {
        ReflectionUtils.doWithFields(from.getClass(), field -> {
            ReflectionUtils.makeAccessible(field);
            Object value = field.get(from);
            if (!Modifier.isFinal(field.getModifiers())) {
                field.set(to, value);
                return;
            }
            Object current = field.get(to);
            if (current == value || current == null || value == null) {
                return;
            }
            if (current instanceof Collection c && value instanceof Collection v) {
                c.clear();
                c.addAll(v);
            } else if (current instanceof Map m && value instanceof Map v) {
                m.clear();
                m.putAll(v);
            } else if (isNestedBean(field, current, value)) {
                copyState(value, current);
            }
        }, field -> !Modifier.isStatic(field.getModifiers()));
    }

    private static boolean isNestedBean(Field field, Object current, Object value) {
        Class<?> type = current.getClass();
        return type == value.getClass() && !type.isArray() && !type.isEnum() && !type.isRecord()
                && !type.getName().startsWith("java.") && !field.getType().isPrimitive();
    }

    /** The distinct messages down an exception's cause chain, joined: Spring's binding errors nest. */
    static String messages(Throwable e) {
        Set<String> parts = new LinkedHashSet<>();
        for (Throwable t = e; t != null && parts.size() < 6; t = t.getCause()) {
            if (t.getMessage() != null) {
                parts.add(t.getMessage().strip());
            }
        }
        return String.join(": ", parts);
    }
}
