package io.skein.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.skein.core.error.EngineError;
import io.skein.core.error.EngineException;
import io.skein.core.wire.TopicNames;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

class KafkaTopicsTest {

    @Test
    void skeinTopicsFollowTheSpecLayoutUnderTheConfiguredPrefix() {
        // given a custom prefix, 6 partitions and two lanes
        TopicNames names = new TopicNames("acme.");

        // when the topic list is built
        List<NewTopic> topics = KafkaTopics.skeinTopics(names, 6, (short) 1, List.of("default", "gpu lane"));

        // then every spec 07 topic is there with its retention, partition count and replication
        Map<String, String> retentionByName = topics.stream().collect(Collectors.toMap(
                NewTopic::name, topic -> topic.configs().get("retention.ms")));
        assertEquals(Map.of(
                "acme.commands", "604800000",
                "acme.replies", "3600000",
                "acme.events", "604800000",
                "acme.commands.dlq", "604800000",
                "acme.dispatch.default", "3600000",
                "acme.dispatch.gpu.20lane", "3600000"), retentionByName);
        assertTrue(topics.stream().allMatch(topic -> topic.numPartitions() == 6 && topic.replicationFactor() == 1));
    }

    @Test
    void aLayoutKafkaCannotHoldIsRejectedBeforeAnyRequest() {
        // when partitions or replication are below one, or a lane name is not a valid lane id
        EngineException noPartitions = assertThrows(EngineException.class,
                () -> KafkaTopics.skeinTopics(TopicNames.DEFAULT, 0, (short) 1, List.of()));
        EngineException noReplicas = assertThrows(EngineException.class,
                () -> KafkaTopics.skeinTopics(TopicNames.DEFAULT, 1, (short) 0, List.of()));
        EngineException badLane = assertThrows(EngineException.class,
                () -> KafkaTopics.skeinTopics(TopicNames.DEFAULT, 1, (short) 1, List.of("")));

        // then each is a typed rejection naming the field
        assertTrue(noPartitions.error().message().contains("partitions"), noPartitions.error().message());
        assertTrue(noReplicas.error().message().contains("replication"), noReplicas.error().message());
        assertTrue(badLane.error() instanceof EngineError.Validation, badLane.error().toString());
    }
}
