package io.skein.core.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.cfg.MutableCoercionConfig;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.deser.Deserializers;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;
import com.fasterxml.jackson.databind.ser.Serializers;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;

/**
 * The one JSON configuration of Skein (HTTP bodies, command and reply envelopes, events): snake_case field names,
 * wire enums as their snake_case strings, {@link ExternallyTagged} sealed results, byte arrays as JSON arrays of
 * numbers (FlowFabric's shape), nulls omitted. Reading is typed: a value of the wrong JSON type (a number for a
 * string, a string for a number or a byte array, a float for an integer) is an error, never converted (D13).
 */
public final class SkeinJson {

    private static final ObjectMapper STRICT = build(true);
    private static final ObjectMapper LENIENT = build(false);

    private SkeinJson() {}

    /** Rejects unknown fields: HTTP request bodies (spec 03 §2.1). */
    public static ObjectMapper strict() {
        return STRICT;
    }

    /** Ignores unknown fields: Kafka envelopes, which are forward compatible (spec 07). */
    public static ObjectMapper lenient() {
        return LENIENT;
    }

    private static ObjectMapper build(boolean failOnUnknown) {
        SimpleModule module = new SimpleModule("skein") {
            @Override
            public void setupModule(SetupContext context) {
                super.setupModule(context);
                context.addSerializers(new WireEnumSerializers());
                context.addDeserializers(new TaggingDeserializers());
                context.addBeanSerializerModifier(new TaggingSerializerModifier());
            }
        };
        module.addSerializer(byte[].class, new ByteArraySerializer());
        module.addDeserializer(byte[].class, new ByteArrayDeserializer());
        module.addSerializer(java.time.Duration.class, new DurationMillisSerializer());
        module.addDeserializer(java.time.Duration.class, new DurationMillisDeserializer());
        return JsonMapper.builder()
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, failOnUnknown)
                .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true)
                .configure(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES, false)
                .configure(DeserializationFeature.ACCEPT_FLOAT_AS_INT, false)
                .configure(SerializationFeature.FAIL_ON_EMPTY_BEANS, false)
                .configure(MapperFeature.ALLOW_COERCION_OF_SCALARS, false)
                // D13: a value of the wrong JSON type is refused, never converted. Jackson turns a number or a
                // boolean into a String whatever ALLOW_COERCION_OF_SCALARS says; these close that and the rest.
                .withCoercionConfig(LogicalType.Textual, refusing(CoercionInputShape.Integer,
                        CoercionInputShape.Float, CoercionInputShape.Boolean))
                .withCoercionConfig(LogicalType.Integer, refusing(CoercionInputShape.String,
                        CoercionInputShape.Float, CoercionInputShape.Boolean))
                .withCoercionConfig(LogicalType.Float, refusing(CoercionInputShape.String,
                        CoercionInputShape.Boolean))
                .withCoercionConfig(LogicalType.Boolean, refusing(CoercionInputShape.String,
                        CoercionInputShape.Integer, CoercionInputShape.Float))
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .addModule(module)
                .build();
    }

    /** A coercion setting that fails every one of {@code shapes} instead of converting it. */
    private static java.util.function.Consumer<MutableCoercionConfig> refusing(CoercionInputShape... shapes) {
        return cfg -> {
            for (CoercionInputShape shape : shapes) {
                cfg.setCoercion(shape, CoercionAction.Fail);
            }
        };
    }

    // ------------------------------------------------------------------------------------------------

    private static final class ByteArraySerializer extends JsonSerializer<byte[]> {
        @Override
        public void serialize(byte[] value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            gen.writeStartArray();
            for (byte b : value) {
                gen.writeNumber(b & 0xFF);
            }
            gen.writeEndArray();
        }
    }

    /** Only the array form: a string is a wrong type here, not base64 to guess at (D13). */
    private static final class ByteArrayDeserializer extends JsonDeserializer<byte[]> {
        @Override
        public byte[] deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() != JsonToken.START_ARRAY) {
                return (byte[]) ctxt.handleUnexpectedToken(byte[].class, p);
            }
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            while (p.nextToken() != JsonToken.END_ARRAY) {
                if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
                    return (byte[]) ctxt.handleUnexpectedToken(byte[].class, p);
                }
                int v = p.getIntValue();
                if (v < 0 || v > 255) {
                    return (byte[]) ctxt.handleWeirdNumberValue(byte[].class, v, "byte out of range 0..255");
                }
                out.write(v);
            }
            return out.toByteArray();
        }
    }

    /** A duration travels as whole, non-negative milliseconds (every duration of the wire format). */
    private static final class DurationMillisSerializer extends JsonSerializer<java.time.Duration> {
        @Override
        public void serialize(java.time.Duration value, JsonGenerator gen, SerializerProvider serializers)
                throws IOException {
            gen.writeNumber(value.toMillis());
        }
    }

    private static final class DurationMillisDeserializer extends JsonDeserializer<java.time.Duration> {
        @Override
        public java.time.Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
                return (java.time.Duration) ctxt.handleUnexpectedToken(java.time.Duration.class, p);
            }
            long ms = p.getLongValue();
            if (ms < 0) {
                return (java.time.Duration) ctxt.handleWeirdNumberValue(java.time.Duration.class, ms,
                        "negative duration");
            }
            return java.time.Duration.ofMillis(ms);
        }
    }

    private static final class WireEnumSerializer extends JsonSerializer<WireEnum> {
        @Override
        public void serialize(WireEnum value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            gen.writeString(value.wire());
        }
    }

    private static final class WireEnumDeserializer<E extends Enum<E> & WireEnum> extends JsonDeserializer<E> {
        private final Class<E> type;

        WireEnumDeserializer(Class<E> type) {
            this.type = type;
        }

        @Override
        @SuppressWarnings("unchecked")
        public E deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                return (E) ctxt.handleUnexpectedToken(type, p);
            }
            E value = WireEnum.lookup(type, p.getText());
            if (value == null) {
                return (E) ctxt.handleWeirdStringValue(type, p.getText(), "unknown " + type.getSimpleName());
            }
            return value;
        }
    }

    /** Writes {@code {"Name": <default bean form>}} or, for a variant without fields, {@code "Name"}. */
    private static final class TaggedSerializer extends JsonSerializer<Object> {
        private final JsonSerializer<Object> bean;

        TaggedSerializer(JsonSerializer<Object> bean) {
            this.bean = bean;
        }

        @Override
        public void serialize(Object value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            Class<?> variant = value.getClass();
            String tag = variant.getSimpleName();
            if (variant.isRecord() && variant.getRecordComponents().length == 0) {
                gen.writeString(tag);
                return;
            }
            gen.writeStartObject();
            gen.writeFieldName(tag);
            bean.serialize(value, gen, provider);
            gen.writeEndObject();
        }
    }

    private static final class TaggingSerializerModifier extends BeanSerializerModifier {
        @Override
        @SuppressWarnings("unchecked")
        public JsonSerializer<?> modifySerializer(SerializationConfig config, BeanDescription beanDesc,
                                                  JsonSerializer<?> serializer) {
            Class<?> raw = beanDesc.getBeanClass();
            if (!raw.isInterface() && taggedInterfaceOf(raw) != null) {
                return new TaggedSerializer((JsonSerializer<Object>) serializer);
            }
            return serializer;
        }
    }

    private static final class TaggedDeserializer extends JsonDeserializer<Object> {
        private final Class<?> sealed;

        TaggedDeserializer(Class<?> sealed) {
            this.sealed = sealed;
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonNode node = p.readValueAsTree();
            String tag;
            JsonNode body;
            if (node.isTextual()) {
                tag = node.asText();
                body = ctxt.getNodeFactory().objectNode();
            } else if (node.isObject() && node.size() == 1) {
                Iterator<Map.Entry<String, JsonNode>> it = node.fields();
                Map.Entry<String, JsonNode> e = it.next();
                tag = e.getKey();
                body = e.getValue();
            } else {
                return ctxt.handleUnexpectedToken(sealed, p);
            }
            for (Class<?> variant : sealed.getPermittedSubclasses()) {
                if (variant.getSimpleName().equals(tag)) {
                    if (node.isTextual() && variant.isRecord() && variant.getRecordComponents().length != 0) {
                        break;
                    }
                    if (!(body instanceof ObjectNode) && !body.isNull()) {
                        break;
                    }
                    JavaType type = ctxt.constructType(variant);
                    JsonDeserializer<Object> d = ctxt.findRootValueDeserializer(type);
                    try (JsonParser sub = body.traverse(p.getCodec())) {
                        sub.nextToken();
                        return d.deserialize(sub, ctxt);
                    }
                }
            }
            return ctxt.handleWeirdStringValue(sealed, tag, "unknown variant of " + sealed.getSimpleName());
        }
    }

    private static final class WireEnumSerializers extends Serializers.Base {
        @Override
        public JsonSerializer<?> findSerializer(SerializationConfig config, JavaType type, BeanDescription beanDesc) {
            Class<?> raw = type.getRawClass();
            if (raw.isEnum() && WireEnum.class.isAssignableFrom(raw)) {
                return new WireEnumSerializer();
            }
            return null;
        }
    }

    private static final class TaggingDeserializers extends Deserializers.Base {
        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        public JsonDeserializer<?> findEnumDeserializer(Class<?> type, DeserializationConfig config,
                                                        BeanDescription beanDesc) {
            if (WireEnum.class.isAssignableFrom(type)) {
                return new WireEnumDeserializer(type);
            }
            return null;
        }

        @Override
        public JsonDeserializer<?> findBeanDeserializer(JavaType type, DeserializationConfig config,
                                                        BeanDescription beanDesc) {
            Class<?> raw = type.getRawClass();
            if (raw.isInterface() && raw.isSealed() && raw.isAnnotationPresent(ExternallyTagged.class)) {
                return new TaggedDeserializer(raw);
            }
            return null;
        }
    }

    /**
     * The {@link ExternallyTagged} interface a class is, or is a direct variant of, or null. A variant reached
     * through its interface type is serialized with its tag wherever it appears.
     */
    static Class<?> taggedInterfaceOf(Class<?> raw) {
        if (raw.isInterface() && raw.isAnnotationPresent(ExternallyTagged.class)) {
            return raw;
        }
        for (Class<?> i : raw.getInterfaces()) {
            if (i.isAnnotationPresent(ExternallyTagged.class)) {
                return i;
            }
        }
        return null;
    }
}
