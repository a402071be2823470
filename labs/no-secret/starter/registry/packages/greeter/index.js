exports.hello = (who) => `${who}: hello from greeter 1.0.0 (private registry)`;
