package com.karrot.kafka.autoconfigure.lag;

import java.util.List;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** Matches when {@code karrot.kafka.lag.health.groups} names at least one group, in any of its list forms. */
final class OnLagHealthGroupsCondition extends SpringBootCondition {

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        List<String> groups = Binder.get(context.getEnvironment())
            .bind("karrot.kafka.lag.health.groups", Bindable.listOf(String.class))
            .orElse(List.of());
        return groups.isEmpty() ? ConditionOutcome.noMatch("no karrot.kafka.lag.health.groups")
                : ConditionOutcome.match("karrot.kafka.lag.health.groups " + groups);
    }
}
