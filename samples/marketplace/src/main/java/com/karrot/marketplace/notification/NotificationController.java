package com.karrot.marketplace.notification;

import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Shows the push notifications the marketplace sent to a user. */
@RestController
class NotificationController {

    private final PushNotifier notifier;

    NotificationController(PushNotifier notifier) {
        this.notifier = notifier;
    }

    @GetMapping("/notifications")
    List<PushNotification> notifications(@RequestParam String userId) {
        return this.notifier.recentFor(userId);
    }
}
