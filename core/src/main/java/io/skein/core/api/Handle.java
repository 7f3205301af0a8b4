package io.skein.core.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.skein.core.wire.WireEnum;
import java.io.IOException;
import io.skein.core.error.EngineError;
import io.skein.core.error.ValidationKind;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * The opaque token a claim returns (spec 01 §12). JSON form {@code {"backend":"sqlite","kind":"fresh",
 * "opaque":"<base64url>"}}; the bytes are laid out by {@code io.skein.core.handle.HandleCodec}. A handle is not a
 * credential: its power comes from the fence check.
 */
@JsonSerialize(using = Handle.JsonForm.Writer.class)
@JsonDeserialize(using = Handle.JsonForm.Reader.class)
public record Handle(BackendTag backend, HandleKind kind, byte[] opaque) {

    public Handle {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(kind, "kind");
        opaque = Objects.requireNonNull(opaque, "opaque").clone();
    }

    /** Reads the JSON form; an opaque part that is not base64url is {@code Validation(Corruption)}. */
    public static Handle fromJson(BackendTag backend, HandleKind kind, String opaque) {
        if (backend == null || kind == null || opaque == null) {
            throw EngineError.validation(ValidationKind.CORRUPTION, "handle: backend, kind and opaque are required");
        }
        try {
            return new Handle(backend, kind, Base64.getUrlDecoder().decode(opaque));
        } catch (IllegalArgumentException e) {
            throw EngineError.validation(ValidationKind.CORRUPTION, "handle: opaque is not base64url");
        }
    }

    @Override
    public byte[] opaque() {
        return opaque.clone();
    }

    /** The opaque bytes as unpadded base64url, the form carried in JSON and command envelopes. */
    public String opaqueBase64() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(opaque);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Handle h && backend == h.backend && kind == h.kind && Arrays.equals(opaque, h.opaque);
    }

    @Override
    public int hashCode() {
        return Objects.hash(backend, kind, Arrays.hashCode(opaque));
    }

    @Override
    public String toString() {
        return "Handle[" + backend.wire() + "," + kind.wire() + "," + opaque.length + " bytes]";
    }

    /** The JSON form {@code {"backend":"sqlite","kind":"fresh","opaque":"<base64url>"}} (spec 01 §12). */
    static final class JsonForm {
        private JsonForm() {}

        static final class Writer extends JsonSerializer<Handle> {
            @Override
            public void serialize(Handle h, JsonGenerator gen, SerializerProvider p) throws IOException {
                gen.writeStartObject();
                gen.writeStringField("backend", h.backend().wire());
                gen.writeStringField("kind", h.kind().wire());
                gen.writeStringField("opaque", h.opaqueBase64());
                gen.writeEndObject();
            }
        }

        static final class Reader extends JsonDeserializer<Handle> {
            @Override
            public Handle deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                JsonNode n = p.readValueAsTree();
                if (n == null || !n.isObject()) {
                    return (Handle) ctxt.handleUnexpectedToken(Handle.class, p);
                }
                BackendTag backend = WireEnum.lookup(BackendTag.class, n.path("backend").asText(null));
                HandleKind kind = WireEnum.lookup(HandleKind.class, n.path("kind").asText(null));
                return fromJson(backend, kind, n.hasNonNull("opaque") ? n.get("opaque").asText() : null);
            }
        }
    }
}
