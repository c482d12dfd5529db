package com.karrot.marketplace.user;

import java.net.URI;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The {@code /users} API: sign up, update a profile, read a user. */
@RestController
@RequestMapping("/users")
public class UserController {

    private final UserService users;

    /**
     * Creates the controller.
     * @param users the service behind it
     */
    public UserController(UserService users) {
        this.users = users;
    }

    @PostMapping
    ResponseEntity<User> create(@RequestBody UserProfile profile) {
        User user = this.users.create(profile);
        return ResponseEntity.created(URI.create("/users/" + user.id())).body(user);
    }

    @PutMapping("/{id}")
    User update(@PathVariable String id, @RequestBody UserProfile profile) {
        return this.users.update(id, profile);
    }

    @GetMapping("/{id}")
    User get(@PathVariable String id) {
        return this.users.get(id);
    }
}
