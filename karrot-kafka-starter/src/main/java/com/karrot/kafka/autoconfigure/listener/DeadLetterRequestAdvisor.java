package com.karrot.kafka.autoconfigure.listener;

import java.util.Set;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.OperationType;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.invoke.OperationInvoker;
import org.springframework.boot.actuate.endpoint.invoke.OperationInvokerAdvisor;
import org.springframework.boot.actuate.endpoint.invoke.OperationParameter;
import org.springframework.boot.actuate.endpoint.invoke.OperationParameters;
import org.springframework.boot.actuate.endpoint.invoke.ParameterMappingException;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.WebServerNamespace;

/**
 * Makes the {@code kafkadlq} endpoint refuse what it would otherwise ignore or answer with a bare 400: a query
 * parameter or body key that no operation parameter takes, and a value it cannot use. Over HTTP, the answer is a 400
 * whose body names the parameter and says why; elsewhere (JMX) the exception is thrown as it is.
 */
final class DeadLetterRequestAdvisor implements OperationInvokerAdvisor {

    private static final EndpointId ENDPOINT = EndpointId.of("kafkadlq");

    @Override
    public OperationInvoker apply(EndpointId endpointId, OperationType operationType, OperationParameters parameters,
            OperationInvoker invoker) {
        if (!ENDPOINT.equals(endpointId)) {
            return invoker;
        }
        Set<String> known = new TreeSet<>(parameters.stream()
            .filter(parameter -> !SecurityContext.class.equals(parameter.getType()))
            .map(OperationParameter::getName)
            .toList());
        return context -> {
            try {
                for (String key : context.getArguments().keySet()) {
                    if (!known.contains(key)) {
                        throw new InvalidParameterException(key, "unknown parameter '" + key + "'; this operation takes "
                                + String.join(", ", known));
                    }
                }
                return invoker.invoke(context);
            }
            catch (InvalidEndpointRequestException ex) {
                if (!context.canResolve(WebServerNamespace.class)) {
                    throw ex;
                }
                return new WebEndpointResponse<>(new RequestError(400, "Bad Request", parameter(ex), ex.getMessage()), 400);
            }
        };
    }

    private static @Nullable String parameter(InvalidEndpointRequestException ex) {
        if (ex instanceof InvalidParameterException invalid) {
            return invalid.parameter();
        }
        return ex instanceof ParameterMappingException mapping ? mapping.getParameter().getName() : null;
    }

    /**
     * The body of a refused request.
     * @param status 400
     * @param error the reason phrase
     * @param parameter the parameter at fault, or {@code null} when the request as a whole is
     * @param message what is wrong with it
     */
    record RequestError(int status, String error, @Nullable String parameter, String message) {
    }
}
