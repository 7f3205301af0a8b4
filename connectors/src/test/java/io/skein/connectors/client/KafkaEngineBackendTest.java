package io.skein.connectors.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.skein.core.api.EngineBackend;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KafkaEngineBackendTest {

    /**
     * An operation the Kafka-mode backend does not override would answer its interface default,
     * {@code Unavailable}, in Kafka mode only: every operation of the contract needs its own method.
     */
    @Test
    void overridesEveryOperationOfTheContract() {
        List<String> missing = new ArrayList<>();
        for (Method op : EngineBackend.class.getMethods()) {
            if (Modifier.isStatic(op.getModifiers())) {
                continue;
            }
            try {
                Method own = KafkaEngineBackend.class.getDeclaredMethod(op.getName(), op.getParameterTypes());
                if (own.isSynthetic()) {
                    missing.add(op.toString());
                }
            } catch (NoSuchMethodException e) {
                missing.add(op.getDeclaringClass().getSimpleName() + "." + op.getName());
            }
        }
        assertEquals(List.of(), missing);
    }
}
