package io.skein.connectors.worker;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * How typed workers and clients bind inputs and results by default: Jackson with the caller's own field names, and
 * fields a type does not declare ignored, so a producer can add fields without breaking older workers.
 */
public final class TypedJson {

    public static final ObjectMapper DEFAULT = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private TypedJson() {}
}
