package com.karrot.kafka.lag;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.tools.consumer.group.ConsumerGroupCommand;

/**
 * Runs Kafka's own {@code kafka-consumer-groups.sh --describe} in this JVM ({@link ConsumerGroupCommand}) and reads
 * its table, to hold the lag reader's figures against the tool operators trust.
 */
final class KafkaConsumerGroupsTool {

    /** One line of the table, with {@code -} where the tool shows no value. */
    record Row(String topic, int partition, String currentOffset, String logEndOffset, String lag, String consumerId) {
    }

    private KafkaConsumerGroupsTool() {
    }

    static synchronized List<Row> describe(String bootstrapServers, String groupId) {
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            ConsumerGroupCommand.main(new String[] { "--bootstrap-server", bootstrapServers, "--describe", "--group",
                    groupId, "--timeout", "10000" });
        }
        finally {
            System.setOut(out);
        }
        String table = captured.toString(StandardCharsets.UTF_8);
        out.println("kafka-consumer-groups --describe --group " + groupId + ":" + table);
        List<Row> rows = new ArrayList<>();
        for (String line : table.split("\n")) {
            String[] columns = line.trim().split("\\s+");
            // GROUP TOPIC PARTITION CURRENT-OFFSET LOG-END-OFFSET LAG CONSUMER-ID HOST CLIENT-ID
            if (columns.length == 9 && columns[0].equals(groupId)) {
                rows.add(new Row(columns[1], Integer.parseInt(columns[2]), columns[3], columns[4], columns[5], columns[6]));
            }
        }
        if (rows.isEmpty() && table.contains("Error")) {
            throw new IllegalStateException("kafka-consumer-groups failed: " + table);
        }
        return rows;
    }
}
