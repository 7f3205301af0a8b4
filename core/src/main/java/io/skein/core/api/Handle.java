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
import io.skein.core.handle.HandleCodec;
import java.io.IOException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * The opaque token a claim returns (spec 01 §12). JSON form {@code {"backend":"sqlite","kind":"fresh",
 * "opaque":"<base64url>"}}; the bytes are laid out and tagged by {@code io.skein.core.handle.HandleCodec}, so an
 * engine accepts only handles it issued, unaltered. Its power still comes from the fence check.
 */
@JsonSerialize(using = Handle.JsonForm.Writer.class)
@JsonDeserialize(using = Handle.JsonForm.Reader.class)
public record Handle(BackendTag backend, HandleKind kind, byte[] opaque) {

    public Handle {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(kind, "kind");
        opaque = Objects.requireNonNull(opaque, "opaque").clone();
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
                gen.writeRawValue(HandleCodec.toJson(h));
            }
        }

        static final class Reader extends JsonDeserializer<Handle> {
            @Override
            public Handle deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                JsonNode n = p.readValueAsTree();
                return HandleCodec.fromJson(n == null ? "" : n.toString());
            }
        }
    }
}
