package io.vmledger.web.api;

import io.vmledger.storage.spi.Storage;
import io.vmledger.storage.spi.StoreUnavailableException;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.Optional;

/** A store whose every call fails as an unreachable store's does: {@link StoreUnavailableException}. */
final class UnavailableStorage {

    private UnavailableStorage() {
    }

    /** The store; {@code directory} is where it would keep its files (the reports go beside it). */
    static Storage create(Path directory) {
        return (Storage) Proxy.newProxyInstance(Storage.class.getClassLoader(), new Class<?>[] {Storage.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "providerName" -> "unavailable";
                    case "directory" -> Optional.of(directory);
                    case "sqlAggregation", "partitionMigration" -> Optional.empty();
                    case "close" -> null;
                    case "toString" -> "UnavailableStorage";
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> failing(method.getReturnType());
                });
    }

    /** A store of {@code type} (hourly, lifecycle, ...) whose every method throws. */
    private static Object failing(Class<?> type) {
        return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return method.getName().equals("toString") ? "unavailable " + type.getSimpleName()
                        : method.getName().equals("hashCode") ? System.identityHashCode(proxy) : proxy == args[0];
            }
            throw new StoreUnavailableException("the test store is unavailable: " + type.getSimpleName() + "."
                    + method.getName());
        });
    }
}
