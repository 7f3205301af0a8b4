package io.skein.core.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.skein.core.wire.SkeinJson;
import org.junit.jupiter.api.Test;

class HandleJsonTest {

    @Test
    void handleTravelsAsBackendKindAndBase64UrlOpaque() throws Exception {
        // given a handle whose bytes need the URL-safe alphabet
        Handle h = new Handle(BackendTag.SQLITE, HandleKind.FRESH, new byte[] {(byte) 0xfb, (byte) 0xff, 1});

        // when it is written and read back with the engine's JSON configuration
        String json = SkeinJson.strict().writeValueAsString(h);
        Handle back = SkeinJson.strict().readValue(json, Handle.class);

        // then the wire form is the spec's and the handle is unchanged
        assertEquals("{\"backend\":\"sqlite\",\"kind\":\"fresh\",\"opaque\":\"-_8B\"}", json);
        assertEquals(h, back);
    }
}
