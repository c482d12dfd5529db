package com.karrot.marketplace.payment;

import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The {@code /payments} API: the payments that sales requested. */
@RestController
@RequestMapping("/payments")
public class PaymentController {

    private final PaymentService payments;

    /**
     * Creates the controller.
     * @param payments the service behind it
     */
    public PaymentController(PaymentService payments) {
        this.payments = payments;
    }

    @GetMapping
    List<Payment> list() {
        return this.payments.findAll();
    }
}
