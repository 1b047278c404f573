<?php

declare(strict_types=1);

/**
 * Prints, as JSON, every class of the AsyncEvents namespace: parent, and each method's
 * parameters and return type. With a file argument it first loads that file (the stub),
 * so the extension's API and the stub's can be compared.
 */

if (isset($argv[1])) {
    require $argv[1];
}

$api = [];
foreach (get_declared_classes() as $class) {
    if (!str_starts_with($class, 'AsyncEvents\\')) {
        continue;
    }
    $reflection = new ReflectionClass($class);
    $methods = [];
    foreach ($reflection->getMethods() as $method) {
        if ($method->getDeclaringClass()->getName() !== $class) {
            continue;
        }
        $parameters = [];
        foreach ($method->getParameters() as $parameter) {
            $parameters[] = [
                'name' => $parameter->getName(),
                'type' => (string) $parameter->getType(),
                'optional' => $parameter->isOptional(),
                'default' => $parameter->isDefaultValueAvailable() ? var_export($parameter->getDefaultValue(), true) : null,
            ];
        }
        $methods[$method->getName()] = [
            'static' => $method->isStatic(),
            'parameters' => $parameters,
            'return' => (string) $method->getReturnType(),
        ];
    }
    ksort($methods);
    $api[$class] = ['parent' => $reflection->getParentClass() ? $reflection->getParentClass()->getName() : null, 'methods' => $methods];
}
ksort($api);
echo json_encode($api, JSON_PRETTY_PRINT), "\n";
