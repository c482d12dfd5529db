package com.karrot.marketplace.receipt;

import java.util.List;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Shows the receipts mailed to a user, and switches the simulated mail server off and on. */
@RestController
class ReceiptController {

    private final ReceiptMailer mailer;

    ReceiptController(ReceiptMailer mailer) {
        this.mailer = mailer;
    }

    @GetMapping("/receipts")
    List<Receipt> receipts(@RequestParam String userId) {
        return this.mailer.recentFor(userId);
    }

    @PutMapping("/receipts/mail-server")
    ResponseEntity<Void> mailServer(@RequestParam boolean up) {
        this.mailer.mailServer(up);
        return ResponseEntity.noContent().build();
    }
}
