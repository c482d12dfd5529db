package com.karrot.marketplace;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Prints the URLs and {@code curl} commands to try once the marketplace is ready, with the port it really got. */
@Component
public class StartupGuide {

    private static final Log log = LogFactory.getLog(StartupGuide.class);

    @EventListener
    void onReady(ApplicationReadyEvent event) {
        if (event.getApplicationContext() instanceof WebServerApplicationContext web && web.getWebServer() != null) {
            log.info(guide(web.getWebServer().getPort()));
        }
    }

    static String guide(int port) {
        String base = "http://localhost:" + port;
        String json = " -H 'Content-Type: application/json' -d ";
        return String.join(System.lineSeparator(),
                "Karrot marketplace is ready on " + base + ". Try:",
                "  console      " + base + "/actuator/kafkaconsole   (outbox, dead letters and replay, lag, topics, "
                        + "schemas, Streams)",
                "  health       curl " + base + "/actuator/health",
                "  create user  curl -X POST " + base + "/users" + json
                        + "'{\"nickname\":\"carrot-lover\",\"neighborhood\":\"Seogyo-dong\"}'",
                "  create item  curl -X POST " + base + "/items" + json
                        + "'{\"sellerId\":\"<user id>\",\"title\":\"Road bike\",\"price\":120000}'",
                "  sell item    curl -X POST " + base + "/items/<item id>/sell" + json
                        + "'{\"buyerId\":\"<another user id>\"}'",
                "  chat         curl -X POST " + base + "/chats/messages" + json
                        + "'{\"fromUserId\":\"<buyer id>\",\"toUserId\":\"<seller id>\",\"itemId\":\"<item id>\","
                        + "\"text\":\"Is it still available?\"}'",
                "  payments     curl " + base + "/payments   (requested by the ITEM_SOLD listener)",
                "  receipts     curl '" + base + "/receipts?userId=<buyer id>'",
                "  mail down    curl -X PUT '" + base + "/receipts/mail-server?up=false'   (receipts go to the DLQ)",
                "  dead letters curl " + base + "/actuator/kafkadlq",
                "  replay       curl -X POST " + base + "/actuator/kafkadlq/marketplace.payment.dlq" + json
                        + "'{\"dryRun\":false}'   (after mail-server?up=true)",
                "  push         curl '" + base + "/notifications?userId=<seller id>'",
                "  sales        curl " + base + "/sales/neighborhoods   (Kafka Streams: items sold per neighborhood)",
                "  topology     curl " + base + "/actuator/kafkastreams   (state, tasks, stores, a Mermaid diagram)",
                "  outbox       curl " + base + "/actuator/kafkaoutbox");
    }
}
