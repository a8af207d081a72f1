package org.jsonmmap;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

/**
 * Decides whether a typed value parsed by the default codec can be cached and handed to every caller:
 * it must be deeply read-only. Records qualify when every component is a primitive, a boxed primitive,
 * a String, an enum, a BigInteger/BigDecimal, a UUID, a java.time value, a JsonNode (frozen), another
 * such record, or a List/Set/Collection/Map/Optional of those (the codec builds frozen collections).
 * Everything else (POJOs with setters, arrays, mutable classes) is parsed afresh for each call.
 */
final class Shareable {
    private Shareable() {
    }

    private static final ClassValue<Boolean> RECORDS = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            return checkRecord(type, 0);
        }
    };

    static boolean isShareable(Type type) {
        return check(type, 0);
    }

    private static boolean check(Type type, int depth) {
        if (depth > 32) {
            return false;
        }
        if (type instanceof Class) {
            Class<?> c = (Class<?>) type;
            if (c.isPrimitive() || c == String.class || c == Boolean.class || c == Character.class
                    || Number.class.isAssignableFrom(c) && (c.getName().startsWith("java.lang.") || c == BigDecimal.class
                    || c == BigInteger.class)
                    || c.isEnum() || c == UUID.class || JsonNode.class.isAssignableFrom(c)
                    || c.getName().startsWith("java.time.") && !c.isInterface()) {
                return true;
            }
            return c.isRecord() && (depth == 0 ? RECORDS.get(c) : checkRecord(c, depth));
        }
        if (type instanceof ParameterizedType) {
            ParameterizedType p = (ParameterizedType) type;
            Type raw = p.getRawType();
            if (raw == List.class || raw == Set.class || raw == Collection.class || raw == Map.class
                    || raw == Optional.class) {
                for (Type arg : p.getActualTypeArguments()) {
                    if (!check(arg, depth + 1)) {
                        return false;
                    }
                }
                return true;
            }
        }
        return false;
    }

    private static boolean checkRecord(Class<?> c, int depth) {
        if (!c.isRecord()) {
            return false;
        }
        for (RecordComponent rc : c.getRecordComponents()) {
            if (!check(rc.getGenericType(), depth + 1)) {
                return false;
            }
        }
        return true;
    }
}
